using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Diagnostics;

namespace Booking.Grains;

/// <summary>
/// The single writer of one slot's booking state. Orleans runs its calls one at a time, so the memory
/// here is the committed truth as of the last call; the database stays the source of truth and its
/// unique index holds the line should a second activation ever exist. Nothing is read on activation:
/// every write answers with the slot as it now stands, and that is what the grain remembers.
/// </summary>
public sealed class SlotGrain(SlotStore store, IOptions<BookingOptions> options, TimeProvider clock, BookingMetrics metrics, ILogger<SlotGrain> logger)
    : Grain, ISlotGrain, ISlotMoveGrain
{
    private readonly BookingOptions _options = options.Value;

    // Null until a read or a write has told this activation about its slot (or when there is no such slot).
    private SlotState? _state;

    private Guid SlotId => this.GetPrimaryKey();

    public async Task<Slot?> GetAsync(CancellationToken cancellationToken = default)
    {
        _state ??= await store.LoadAsync(SlotId, cancellationToken);
        return _state?.ToSlot(SlotId, clock.GetUtcNow());
    }

    public Task ForgetAsync()
    {
        _state = null;
        return Task.CompletedTask;
    }

    public async Task<BookingResult> BookAsync(HoldRequest request, CancellationToken cancellationToken = default)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var outcome = BookingAttemptOutcome.Error;
        try
        {
            (var result, outcome) = await BookCoreAsync(request, cancellationToken);
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

    private async Task<(BookingResult Result, string Outcome)> BookCoreAsync(HoldRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_state?.IsHeldAt(now) == true)
        {
            // The hot path under contention: every loser is answered from memory, no round trip.
            return (new BookingResult(BookingOutcome.SlotTaken), BookingAttemptOutcome.TakenFromMemory);
        }

        if (_state?.StartsAt <= now)
        {
            return (new BookingResult(BookingOutcome.SlotInPast), BookingAttemptOutcome.InPast);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var attempt = await store.BookAsync(SlotId, request, _options.HoldDuration);
        switch (attempt.Outcome)
        {
            case BookingOutcome.SlotNotFound:
                _state = null;
                DeactivateOnIdle();
                break;
            case BookingOutcome.IdempotencyKeyUsed:
                // Rolled back: the slot is as it was.
                break;
            default:
                // A holder this activation did not write (a second activation) leaves no row in the answer: read it back.
                _state = attempt.Slot ?? await store.LoadAsync(SlotId, CancellationToken.None);
                break;
        }

        if (attempt is not { Outcome: BookingOutcome.Booked, Appointment: { } hold })
        {
            var outcome = attempt.Outcome switch
            {
                BookingOutcome.SlotTaken => BookingAttemptOutcome.TakenInDatabase,
                BookingOutcome.SlotNotFound => BookingAttemptOutcome.NotFound,
                BookingOutcome.SlotInPast => BookingAttemptOutcome.InPast,
                BookingOutcome.IdempotencyKeyUsed => BookingAttemptOutcome.KeyUsed,
                _ => BookingAttemptOutcome.Error,
            };
            return (new BookingResult(attempt.Outcome), outcome);
        }

        // Ids only: the patient's details never go into a log line, a metric tag or a span. Debug: at a thousand bookings a
        // second a line each costs the silo a tenth of its CPU, and appointment_events already records every booking.
        logger.LogDebug("Slot {SlotId} held by appointment {AppointmentId} until {ExpiresAt:O}", SlotId, hold.Id, hold.ExpiresAt);
        NotifySchedule();

        // One-way: the answer does not wait for the reminder. Should it never be registered (this silo dies now),
        // the expiry sweep finds the lapsed hold; every booking treats it as expired in the meantime.
        _ = GrainFactory.GetGrain<IAppointmentGrain>(hold.Id).TrackHoldAsync(SlotId, hold.ExpiresAt!.Value);
        return (new BookingResult(BookingOutcome.Booked, hold), BookingAttemptOutcome.Won);
    }

    public Task<AppointmentChangeResult> ConfirmAsync(Guid appointmentId, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(appointmentId, Transition.Confirm, deadline);

    public Task<AppointmentChangeResult> CancelAsync(
        Guid appointmentId, string? reason = null, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(appointmentId, Transition.Cancel, deadline, reason);

    public Task<AppointmentChangeResult> ExpireAsync(Guid appointmentId, CancellationToken cancellationToken = default) =>
        ChangeAsync(appointmentId, Transition.Expire, deadline: null);

    public async Task<DeleteOutcome> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var (outcome, slot) = await store.DeleteAsync(SlotId);
        if (outcome == DeleteOutcome.HasActiveAppointment)
        {
            _state = slot;
            return outcome;
        }

        if (outcome == DeleteOutcome.Deleted && slot is not null)
        {
            _ = Schedule(slot).SlotRemovedAsync(SlotId);
        }

        _state = null;
        DeactivateOnIdle();
        return outcome;
    }

    public async Task<SlotMoveResult> MoveAsync(SlotMove move)
    {
        var other = move.FromSlotId == SlotId ? move.ToSlotId : move.FromSlotId;
        SlotMoveResult moved;
        try
        {
            if (other.CompareTo(SlotId) > 0)
            {
                // The fixed order (see ISlotMoveGrain): wait only for a grain with a larger id; it runs the move.
                moved = await GrainFactory.GetGrain<ISlotMoveGrain>(other).MoveAsync(move);
            }
            else
            {
                var (result, target) = await store.RescheduleAsync(move.AppointmentId, move.FromSlotId, move.ToSlotId, move.Deadline);
                moved = new SlotMoveResult(result, target);
                if (result.Outcome == RescheduleOutcome.Rescheduled)
                {
                    // Ids only, as everywhere: nothing about the patient.
                    logger.LogInformation("Appointment {AppointmentId} moved from slot {FromSlotId} to slot {ToSlotId}", move.AppointmentId, move.FromSlotId, move.ToSlotId);
                }
            }
        }
        catch
        {
            // The move may have happened (its answer was lost): what this grain knows of its slot may be stale, so it asks the
            // database next time instead of refusing a booking from memory.
            _state = null;
            throw;
        }

        await LearnAsync(move, moved);
        return moved;
    }

    /// <summary>Updates this grain's memory from a move it took part in, and tells the doctor's day when the slot changed.</summary>
    private async Task LearnAsync(SlotMove move, SlotMoveResult moved)
    {
        var rescheduled = moved.Answer.Outcome == RescheduleOutcome.Rescheduled;
        if (move.ToSlotId == SlotId)
        {
            // The target's row as the transaction saw or left it; null when unknown, so the next booking asks the database.
            _state = moved.Target;
            if (moved.Answer.Outcome == RescheduleOutcome.SlotNotFound)
            {
                DeactivateOnIdle();
            }
        }
        else if (rescheduled)
        {
            // The source: freed by the move if it was this appointment's. Memory that says otherwise is stale: read the row.
            _state = _state?.HeldBy == move.AppointmentId
                ? _state with { HeldBy = null, HoldExpiresAt = null }
                : await store.LoadAsync(SlotId, CancellationToken.None);
        }

        if (rescheduled)
        {
            NotifySchedule();
        }
    }

    private async Task<AppointmentChangeResult> ChangeAsync(Guid appointmentId, Transition transition, DateTimeOffset? deadline, string? note = null)
    {
        var (result, slot) = await store.ChangeAsync(SlotId, appointmentId, transition, deadline ?? DateTimeOffset.MaxValue, note);
        _state = slot;
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
        if (_state is { } state)
        {
            _ = Schedule(state).SlotChangedAsync(state.ToScheduled(SlotId));
        }
    }
}
