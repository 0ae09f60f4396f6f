using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Diagnostics;

namespace Booking.Grains;

/// <summary>
/// The single writer of one slot's booking state. Orleans runs its calls one at a time, so the memory
/// here is the committed truth as of the last call; the database stays the source of truth and its
/// unique index holds the line should a second activation ever exist.
/// </summary>
public sealed class SlotGrain(SlotStore store, IOptions<BookingOptions> options, TimeProvider clock, BookingMetrics metrics, ILogger<SlotGrain> logger) : Grain, ISlotGrain
{
    private readonly BookingOptions _options = options.Value;
    private SlotState? _state;

    private Guid SlotId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _state = await store.LoadAsync(SlotId, cancellationToken);

    public Task<Slot?> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_state?.ToSlot(SlotId, clock.GetUtcNow()));

    public async Task<BookingResult> BookAsync(PatientDetails patient, IdempotencyStamp? idempotency = null, CancellationToken cancellationToken = default)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var outcome = BookingAttemptOutcome.Error;
        try
        {
            (var result, outcome) = await BookCoreAsync(patient, idempotency, cancellationToken);
            return result;
        }
        catch (StorageUnavailableException)
        {
            outcome = BookingAttemptOutcome.Unavailable;
            throw;
        }
        finally
        {
            metrics.BookingAttempted(outcome, startedAt);
        }
    }

    private async Task<(BookingResult Result, string Outcome)> BookCoreAsync(PatientDetails patient, IdempotencyStamp? idempotency, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_state?.IsHeldAt(now) == true)
        {
            // The hot path under contention: every loser is answered from memory, no round trip.
            return (new BookingResult(BookingOutcome.SlotTaken), BookingAttemptOutcome.TakenFromMemory);
        }

        // A slot unknown at activation may have been published since; ask once more before saying so.
        _state ??= await store.LoadAsync(SlotId, cancellationToken);
        if (_state is null)
        {
            return (new BookingResult(BookingOutcome.SlotNotFound), BookingAttemptOutcome.NotFound);
        }

        if (_state.StartsAt <= now)
        {
            return (new BookingResult(BookingOutcome.SlotInPast), BookingAttemptOutcome.InPast);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var attempt = await store.BookAsync(SlotId, Guid.CreateVersion7(now), patient, idempotency, now, now + _options.HoldDuration);
        switch (attempt.Outcome)
        {
            case BookingOutcome.SlotNotFound:
                _state = null;
                DeactivateOnIdle();
                break;
            case BookingOutcome.SlotTaken:
                // Memory said free, the slot row names a holder: a write this activation did not make
                // (another activation, an ambiguous commit). Read the truth back.
                _state = await store.LoadAsync(SlotId, CancellationToken.None);
                break;
            case BookingOutcome.Booked:
                _state = _state with { Active = attempt.Appointment };
                break;
        }

        if (attempt.Outcome != BookingOutcome.Booked)
        {
            var outcome = attempt.Outcome switch
            {
                BookingOutcome.SlotTaken => BookingAttemptOutcome.TakenInDatabase,
                BookingOutcome.SlotNotFound => BookingAttemptOutcome.NotFound,
                BookingOutcome.SlotInPast => BookingAttemptOutcome.InPast,
                _ => BookingAttemptOutcome.Error,
            };
            return (new BookingResult(attempt.Outcome), outcome);
        }

        // Ids only: the patient's details never go into a log line, a metric tag or a span.
        logger.LogInformation("Slot {SlotId} held by appointment {AppointmentId} until {ExpiresAt:O}", SlotId, attempt.Appointment!.Id, attempt.Appointment.ExpiresAt);
        NotifySchedule();
        await TrackHoldAsync(attempt.Appointment);
        return (new BookingResult(BookingOutcome.Booked, attempt.Appointment), BookingAttemptOutcome.Won);
    }

    public Task<AppointmentChangeResult> ConfirmAsync(Guid appointmentId, CancellationToken cancellationToken = default) =>
        ChangeAsync(appointmentId, Transition.Confirm);

    public Task<AppointmentChangeResult> CancelAsync(Guid appointmentId, CancellationToken cancellationToken = default) =>
        ChangeAsync(appointmentId, Transition.Cancel);

    public Task<AppointmentChangeResult> ExpireAsync(Guid appointmentId, CancellationToken cancellationToken = default) =>
        ChangeAsync(appointmentId, Transition.Expire);

    public async Task<DeleteOutcome> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await store.DeleteAsync(SlotId, clock.GetUtcNow());
        if (outcome == DeleteOutcome.Deleted && _state is not null)
        {
            _ = Schedule(_state).SlotRemovedAsync(SlotId);
        }

        if (outcome != DeleteOutcome.HasActiveAppointment)
        {
            _state = null;
            DeactivateOnIdle();
        }

        return outcome;
    }

    private async Task<AppointmentChangeResult> ChangeAsync(Guid appointmentId, Transition transition)
    {
        var now = clock.GetUtcNow();
        var result = await store.ChangeAsync(SlotId, appointmentId, transition, now);
        if (result.Appointment is { } appointment && _state is not null && (_state.Active is null || _state.Active.Id == appointment.Id))
        {
            _state = _state with { Active = appointment.HoldsSlotAt(now) ? appointment : null };
        }

        if (result.Outcome == AppointmentChangeOutcome.Changed)
        {
            if (transition == Transition.Expire)
            {
                metrics.HoldExpired();
            }

            NotifySchedule();
        }

        return result;
    }

    private IDoctorScheduleGrain Schedule(SlotState state) =>
        GrainFactory.GetGrain<IDoctorScheduleGrain>(DoctorSchedule.Key(state.DoctorId, state.Date));

    /// <summary>Tells the doctor's day what this slot now looks like (one-way: a booking never waits for it).</summary>
    private void NotifySchedule()
    {
        if (_state is null)
        {
            return;
        }

        var active = _state.Active;
        _ = Schedule(_state).SlotChangedAsync(new ScheduledSlot(
            SlotId, _state.Time, _state.DurationMinutes, _state.CreatedAt, IsHeld: active is not null,
            HeldUntil: active?.Status == AppointmentStatus.Pending ? active.ExpiresAt : null));
    }

    /// <summary>
    /// The committed hold gets its expiry reminder. The booking stands even if that fails: a lapsed hold
    /// never blocks its slot (every write and read treats it as expired), the reminder only tidies up.
    /// </summary>
    private async Task TrackHoldAsync(Appointment hold)
    {
        try
        {
            await GrainFactory.GetGrain<IAppointmentGrain>(hold.Id).TrackHoldAsync(hold.ExpiresAt!.Value);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not register the expiry reminder of appointment {AppointmentId}; the next write to slot {SlotId} expires it", hold.Id, SlotId);
        }
    }
}
