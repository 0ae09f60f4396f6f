using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Booking.Grains.Notifications;
using Microsoft.Extensions.Logging;

namespace Booking.Grains;

/// <summary>
/// One appointment as a client sees it, and the owner of its hold's expiry reminder. Reads come from
/// the database, so they never trail a change made through the slot's grain; changes are delegated
/// to that grain, the slot's single writer, and the reminder goes once the hold is settled. Being the appointment's single entry
/// point (and not reentrant), it runs a reschedule, a confirm, a cancel and the expiry reminder one at a time.
/// </summary>
public sealed class AppointmentGrain(AppointmentStore store, TimeProvider clock, VisitReminders visits, ILogger<AppointmentGrain> logger)
    : Grain, IAppointmentGrain, IRemindable
{
    private const string ExpiryReminder = "hold-expiry";

    // The reminder e-mail before a confirmed appointment; see VisitRemindersAsync.
    private const string VisitReminder = "visit-reminder";

    // The appointment's slot: learnt from the booking's slot grain or from the first read, and changed by a reschedule.
    private Guid? _slotId;

    // The expiry reminder as this activation registered it: removing it with this handle saves reading it back.
    private IGrainReminder? _expiryReminder;

    private Guid AppointmentId => this.GetPrimaryKey();

    public async Task<Appointment?> GetAsync(CancellationToken cancellationToken = default)
    {
        var appointment = await store.FindAsync(AppointmentId, cancellationToken);
        _slotId ??= appointment?.SlotId;
        return appointment?.AsSeenAt(clock.GetUtcNow());
    }

    public Task<AppointmentChangeResult> ConfirmAsync(DateTimeOffset? deadline = null, CancellationToken cancellationToken = default) =>
        ChangeThroughSlotAsync((slot, id) => slot.ConfirmAsync(id, deadline, cancellationToken), cancellationToken);

    public Task<AppointmentChangeResult> CancelAsync(string? reason = null, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default) =>
        ChangeThroughSlotAsync((slot, id) => slot.CancelAsync(id, reason, deadline, cancellationToken), cancellationToken);

    public async Task<RescheduleResult> RescheduleAsync(Guid toSlotId, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default)
    {
        if (await SlotIdAsync(cancellationToken) is not { } fromSlotId)
        {
            return new RescheduleResult(RescheduleOutcome.NotFound);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var move = new SlotMove(AppointmentId, fromSlotId, toSlotId, deadline ?? DateTimeOffset.MaxValue);
        var moved = await GrainFactory.GetGrain<ISlotMoveGrain>(move.FirstSlotId).MoveAsync(move);
        switch (moved.Answer.Outcome)
        {
            case RescheduleOutcome.Rescheduled:
                // A PENDING hold keeps its reminder: due at the same expires_at, it asks whatever slot this says then. A
                // confirmed appointment's visit reminder follows it to its new time.
                _slotId = toSlotId;
                if (moved.Answer.Appointment?.Status == AppointmentStatus.Confirmed)
                {
                    await VisitRemindersAsync(AppointmentStatus.Confirmed);
                }

                break;
            case RescheduleOutcome.NotFound:
                // Not on the slot remembered (moved through another activation of this grain?): read it again next time.
                _slotId = null;
                break;
        }

        return moved.Answer;
    }

    public async Task TrackHoldAsync(Guid slotId, DateTimeOffset expiresAt)
    {
        // Sent one-way at the booking, so it may arrive after a reschedule already moved the hold: a slot known here is newer.
        _slotId ??= slotId;
        var due = expiresAt - clock.GetUtcNow();
        try
        {
            // The period matters whenever the first firing does not settle the hold: Orleans skips a tick missed
            // while no silo ran the reminder (a killed silo, a range moving to another silo) and fires at the next
            // multiple of the period, so a short period keeps such a hold's expiry within seconds of its time.
            _expiryReminder = await this.RegisterOrUpdateReminder(ExpiryReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, visits.Period);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Sent one-way, so nobody else would hear of it; the expiry sweep expires the hold instead.
            logger.LogWarning(e, "Could not register the expiry reminder of appointment {AppointmentId}; the expiry sweep will expire it", AppointmentId);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == VisitReminder)
        {
            await VisitRemindersAsync(changedTo: null);
            return;
        }

        if (reminderName != ExpiryReminder)
        {
            return;
        }

        if (await SlotIdAsync(CancellationToken.None) is { } slotId)
        {
            var result = await GrainFactory.GetGrain<ISlotGrain>(slotId).ExpireAsync(AppointmentId);
            if (result.Outcome == AppointmentChangeOutcome.NotDue)
            {
                // Fired early (clock skew between silos): the next tick comes back for it.
                logger.LogInformation("Expiry of appointment {AppointmentId} is not due yet", AppointmentId);
                return;
            }

            if (result.Outcome == AppointmentChangeOutcome.NotFound)
            {
                // Not on the slot remembered (moved through another activation of this grain?): the next tick reads it again,
                // and stops for good if the appointment is gone.
                _slotId = null;
                return;
            }
        }

        await StopExpiryAsync();
    }

    private async Task<AppointmentChangeResult> ChangeThroughSlotAsync(
        Func<ISlotGrain, Guid, Task<AppointmentChangeResult>> change, CancellationToken cancellationToken)
    {
        if (await SlotIdAsync(cancellationToken) is not { } slotId)
        {
            return new AppointmentChangeResult(AppointmentChangeOutcome.NotFound);
        }

        var result = await change(GrainFactory.GetGrain<ISlotGrain>(slotId), AppointmentId);
        if (result.Outcome == AppointmentChangeOutcome.NotFound)
        {
            _slotId = null;
        }

        if (result.Appointment?.Status is AppointmentStatus.Confirmed or AppointmentStatus.Cancelled or AppointmentStatus.Expired)
        {
            await StopExpiryAsync();
        }

        if (result.Outcome == AppointmentChangeOutcome.Changed && result.Appointment?.Status is AppointmentStatus.Confirmed or AppointmentStatus.Cancelled)
        {
            await VisitRemindersAsync(result.Appointment.Status);
        }

        return result;
    }

    /// <summary>The appointment's slot, read once; null when there is no such appointment.</summary>
    private async Task<Guid?> SlotIdAsync(CancellationToken cancellationToken) =>
        _slotId ??= (await store.FindAsync(AppointmentId, cancellationToken))?.SlotId;

    /// <summary>
    /// The visit reminder, a one-shot Orleans reminder due <c>Notifications:ReminderLeadTime</c> before a confirmed
    /// appointment: registered when it is confirmed (none when that time has passed), removed when it is cancelled,
    /// and when it fires it queues the reminder e-mail (idempotently) and removes itself. A failure here never fails
    /// the confirm or cancel that caused it; it costs the reminder e-mail, and is logged.
    /// </summary>
    /// <param name="changedTo">The status the appointment was just changed to; null when the reminder fired.</param>
    private async Task VisitRemindersAsync(AppointmentStatus? changedTo)
    {
        try
        {
            if (!visits.Enabled && changedTo is not null)
            {
                return;
            }

            var next = changedTo switch
            {
                AppointmentStatus.Confirmed => await visits.DueInAsync(AppointmentId),
                null => await visits.FiredAsync(AppointmentId),
                _ => null,
            };
            if (next is { } due)
            {
                await this.RegisterOrUpdateReminder(VisitReminder, due, visits.Period);
            }
            else if (changedTo != AppointmentStatus.Confirmed && await this.GetReminder(VisitReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not update the visit reminder of appointment {AppointmentId}", AppointmentId);
        }
    }

    /// <summary>
    /// Removes the expiry reminder, if there is one: with the handle this activation kept from registering it, else (another
    /// activation registered it, or the handle is stale) as read back from the reminder table. A failure only leaves a
    /// reminder that fires again, finds nothing to do and is removed then.
    /// </summary>
    private async Task StopExpiryAsync()
    {
        var kept = _expiryReminder;
        _expiryReminder = null;
        try
        {
            if (kept is not null && await TryUnregisterAsync(kept))
            {
                return;
            }

            if (await this.GetReminder(ExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not remove the expiry reminder of appointment {AppointmentId}", AppointmentId);
        }
    }

    /// <summary>False when the reminder was written again since this handle was taken (Orleans compares its ETag).</summary>
    private async Task<bool> TryUnregisterAsync(IGrainReminder reminder)
    {
        try
        {
            await this.UnregisterReminder(reminder);
            return true;
        }
        catch (ReminderException)
        {
            return false;
        }
    }
}
