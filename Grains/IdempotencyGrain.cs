using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Orleans.Concurrency;

namespace Booking.Grains;

/// <summary>
/// One Idempotency-Key. Reentrant on purpose: a repeat that arrives while the first request is still
/// running must be answered (InProgress) at once, not queued behind it. Calls still run one at a
/// time between awaits, so the in-flight flag needs no lock. The database's record of the key, not this
/// activation's memory, decides a repeat: a first request that outlived its caller may have booked.
/// </summary>
[Reentrant]
public sealed class IdempotencyGrain(IdempotencyStore store, TimeProvider clock) : Grain, IIdempotencyGrain
{
    private IdempotencyRecord? _record;
    private bool _inFlight;

    private string Key => this.GetPrimaryKeyString();

    public async Task<IdempotentBookingResult> BookAsync(Guid slotId, HoldRequest request, CancellationToken cancellationToken = default)
    {
        var requestHash = request.Idempotency?.RequestHash
            ?? throw new ArgumentException("An idempotent booking needs its idempotency stamp.", nameof(request));
        if (_inFlight)
        {
            return new IdempotentBookingResult(IdempotentHandling.InProgress);
        }

        _inFlight = true;
        try
        {
            _record ??= await store.FindAsync(Key, cancellationToken);
            if (_record is not null)
            {
                return Repeat(_record, requestHash);
            }

            var result = await GrainFactory.GetGrain<ISlotGrain>(slotId).BookAsync(request, cancellationToken);
            if (result.Outcome == BookingOutcome.Booked)
            {
                // The booking's transaction committed the record with it.
                _record = new IdempotencyRecord(requestHash, BookingOutcome.Booked, result.Appointment?.Id);
                return new IdempotentBookingResult(IdempotentHandling.Executed, result.Outcome, result.Appointment?.Id);
            }

            if (result.Outcome == BookingOutcome.IdempotencyKeyUsed)
            {
                // The booking found the key's record (written since this activation looked): that record is the answer.
                _record = await store.FindAsync(Key, CancellationToken.None)
                    ?? throw new InvalidOperationException("The key's record was reported but cannot be read.");
                return Repeat(_record, requestHash);
            }

            // A refusal is recorded unless the key already has a record: then that first record is the answer
            // (a first attempt whose caller gave up may have booked this very slot, and "taken" would be a lie).
            var (record, recordedNow) = await store.RecordRefusalAsync(Key, requestHash, result.Outcome, clock.GetUtcNow());
            _record = record;
            return recordedNow
                ? new IdempotentBookingResult(IdempotentHandling.Executed, record.Outcome, null)
                : Repeat(record, requestHash);
        }
        finally
        {
            _inFlight = false;
        }
    }

    private static IdempotentBookingResult Repeat(IdempotencyRecord record, string requestHash) =>
        record.RequestHash == requestHash
            ? new IdempotentBookingResult(IdempotentHandling.Replayed, record.Outcome, record.AppointmentId)
            : new IdempotentBookingResult(IdempotentHandling.KeyReused);
}
