using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace Booking.Grains;

/// <summary>
/// The single writer of one slot's booking state. Orleans runs its calls one at a time, so the memory
/// here is the committed truth as of the last call; the database stays the source of truth and its
/// unique index holds the line should a second activation ever exist.
/// </summary>
public sealed class SlotGrain(SlotStore store, IOptions<BookingOptions> options, TimeProvider clock) : Grain, ISlotGrain
{
    private readonly BookingOptions _options = options.Value;
    private SlotState? _state;

    private Guid SlotId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _state = await store.LoadAsync(SlotId, cancellationToken);

    public Task<Slot?> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_state?.ToSlot(SlotId, clock.GetUtcNow()));

    public async Task<BookingResult> BookAsync(PatientDetails patient, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (_state?.IsHeldAt(now) == true)
        {
            // The hot path under contention: every loser is answered from memory, no round trip.
            return new BookingResult(BookingOutcome.SlotTaken);
        }

        // A slot unknown at activation may have been published since; ask once more before saying so.
        _state ??= await store.LoadAsync(SlotId, cancellationToken);
        if (_state is null)
        {
            return new BookingResult(BookingOutcome.SlotNotFound);
        }

        if (_state.StartsAt <= now)
        {
            return new BookingResult(BookingOutcome.SlotInPast);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var attempt = await store.BookAsync(SlotId, Guid.CreateVersion7(now), patient, now, now + _options.HoldDuration);
        switch (attempt.Outcome)
        {
            case BookingOutcome.SlotNotFound:
                _state = null;
                DeactivateOnIdle();
                break;
            case BookingOutcome.SlotTaken when attempt.Appointment is null:
                // Another writer committed a hold we cannot see from here; read the truth back.
                _state = await store.LoadAsync(SlotId, CancellationToken.None);
                break;
            default:
                _state = _state with { Active = attempt.Appointment };
                break;
        }

        return attempt.Outcome == BookingOutcome.Booked
            ? new BookingResult(BookingOutcome.Booked, attempt.Appointment)
            : new BookingResult(attempt.Outcome);
    }

    public async Task<AppointmentChangeResult> ConfirmAsync(Guid appointmentId, CancellationToken cancellationToken = default)
    {
        var result = await store.ConfirmAsync(SlotId, appointmentId, clock.GetUtcNow());
        if (result.Outcome == AppointmentChangeOutcome.Changed && _state is not null)
        {
            _state = _state with { Active = result.Appointment };
        }

        return result;
    }

    public async Task<DeleteOutcome> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await store.DeleteAsync(SlotId, clock.GetUtcNow());
        if (outcome != DeleteOutcome.HasActiveAppointment)
        {
            _state = null;
            DeactivateOnIdle();
        }

        return outcome;
    }
}
