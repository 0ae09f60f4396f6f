using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Booking.Grains;

/// <summary>
/// One appointment as a client sees it, and the owner of its hold's expiry reminder. Reads come from
/// the database, so they never trail a change made through the slot's grain; changes are delegated
/// to that grain, the slot's single writer, and the reminder goes once the hold is settled. Being the appointment's single entry
/// point (and not reentrant), it runs a reschedule, a confirm, a cancel and the expiry reminder one at a time.
/// </summary>
public sealed class AppointmentGrain(QueryStore store, TimeProvider clock, IOptions<ReminderOptions> reminders, ILogger<AppointmentGrain> logger)
    : Grain, IAppointmentGrain, IRemindable
{
    private const string ExpiryReminder = "hold-expiry";

    // The appointment's slot: learnt from the booking's slot grain or from the first read, and changed by a reschedule.
    private Guid? _slotId;

    private Guid AppointmentId => this.GetPrimaryKey();

    public async Task<Appointment?> GetAsync(CancellationToken cancellationToken = default)
    {
        var appointment = await store.FindAppointmentAsync(AppointmentId, cancellationToken);
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
        switch (moved.Result.Outcome)
        {
            case RescheduleOutcome.Rescheduled:
                // A PENDING hold keeps its reminder: due at the same expires_at, it asks whatever slot this says then.
                _slotId = toSlotId;
                break;
            case RescheduleOutcome.NotFound:
                // Not on the slot remembered (moved through another activation of this grain?): read it again next time.
                _slotId = null;
                break;
        }

        return moved.Result;
    }

    public async Task TrackHoldAsync(Guid slotId, DateTimeOffset expiresAt)
    {
        // Sent one-way at the booking, so it may arrive after a reschedule already moved the hold: a slot known here is newer.
        _slotId ??= slotId;
        var due = expiresAt - clock.GetUtcNow();
        // The period matters whenever the first firing does not settle the hold: Orleans skips a tick missed
        // while no silo ran the reminder (a killed silo, a range moving to another silo) and fires at the next
        // multiple of the period, so a short period keeps such a hold's expiry within seconds of its time.
        var period = reminders.Value.MinimumReminderPeriod > TimeSpan.FromSeconds(1) ? reminders.Value.MinimumReminderPeriod : TimeSpan.FromSeconds(1);
        try
        {
            await this.RegisterOrUpdateReminder(ExpiryReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Sent one-way, so nobody else would hear of it; the expiry sweep expires the hold instead.
            logger.LogWarning(e, "Could not register the expiry reminder of appointment {AppointmentId}; the expiry sweep will expire it", AppointmentId);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
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

        return result;
    }

    /// <summary>The appointment's slot, read once; null when there is no such appointment.</summary>
    private async Task<Guid?> SlotIdAsync(CancellationToken cancellationToken) =>
        _slotId ??= (await store.FindAppointmentAsync(AppointmentId, cancellationToken))?.SlotId;

    /// <summary>Removes the expiry reminder, if there is one. A failure only leaves a reminder that finds nothing to do.</summary>
    private async Task StopExpiryAsync()
    {
        try
        {
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
}
