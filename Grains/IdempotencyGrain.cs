using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Orleans.Concurrency;

namespace Booking.Grains;

/// <summary>
/// One Idempotency-Key. Reentrant on purpose: a repeat that arrives while the first request is still
/// running must be answered (InProgress) at once, not queued behind it. Calls still run one at a
/// time between awaits, so the in-flight flag needs no lock.
/// </summary>
[Reentrant]
public sealed class IdempotencyGrain(IdempotencyStore store, TimeProvider clock) : Grain, IIdempotencyGrain
{
    private IdempotencyRecord? _record;
    private bool _inFlight;

    private string Key => this.GetPrimaryKeyString();

    public async Task<IdempotentBookingResult> BookAsync(Guid slotId, PatientDetails patient, string requestHash, CancellationToken cancellationToken = default)
    {
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
                return _record.RequestHash == requestHash
                    ? new IdempotentBookingResult(IdempotentHandling.Replayed, _record.Outcome, _record.AppointmentId)
                    : new IdempotentBookingResult(IdempotentHandling.KeyReused);
            }

            var result = await GrainFactory.GetGrain<ISlotGrain>(slotId).BookAsync(patient, new IdempotencyStamp(Key, requestHash), cancellationToken);
            if (result.Outcome != BookingOutcome.Booked)
            {
                await store.SaveRefusalAsync(Key, requestHash, result.Outcome, clock.GetUtcNow());
            }

            _record = new IdempotencyRecord(requestHash, result.Outcome, result.Appointment?.Id);
            return new IdempotentBookingResult(IdempotentHandling.Executed, result.Outcome, result.Appointment?.Id);
        }
        finally
        {
            _inFlight = false;
        }
    }
}
