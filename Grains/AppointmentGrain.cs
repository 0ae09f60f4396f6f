using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Booking.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Booking.Grains;

/// <summary>
/// One appointment as a client sees it, and the owner of its hold's expiry reminder. Reads come from
/// the database, so they never trail a change made through the slot's grain; changes are delegated
/// to that grain, the slot's single writer, and the reminder goes once the hold is settled.
/// </summary>
public sealed class AppointmentGrain(QueryStore store, TimeProvider clock, IOptions<ReminderOptions> reminders, ILogger<AppointmentGrain> logger)
    : Grain, IAppointmentGrain, IRemindable
{
    private const string ExpiryReminder = "hold-expiry";

    // The reminder e-mail before a confirmed appointment; see VisitRemindersAsync.
    private const string VisitReminder = "visit-reminder";

    private Guid AppointmentId => this.GetPrimaryKey();

    public async Task<Appointment?> GetAsync(CancellationToken cancellationToken = default) =>
        (await store.FindAppointmentAsync(AppointmentId, cancellationToken))?.AsSeenAt(clock.GetUtcNow());

    public Task<AppointmentChangeResult> ConfirmAsync(CancellationToken cancellationToken = default) =>
        ChangeThroughSlotAsync((slot, id) => slot.ConfirmAsync(id, cancellationToken), cancellationToken);

    public Task<AppointmentChangeResult> CancelAsync(CancellationToken cancellationToken = default) =>
        ChangeThroughSlotAsync((slot, id) => slot.CancelAsync(id, cancellationToken), cancellationToken);

    public async Task TrackHoldAsync(DateTimeOffset expiresAt)
    {
        var due = expiresAt - clock.GetUtcNow();
        // The period matters whenever the first firing does not settle the hold: Orleans skips a tick missed
        // while no silo ran the reminder (a killed silo, a range moving to another silo) and fires at the next
        // multiple of the period, so a short period keeps such a hold's expiry within seconds of its time.
        var period = reminders.Value.MinimumReminderPeriod > TimeSpan.FromSeconds(1) ? reminders.Value.MinimumReminderPeriod : TimeSpan.FromSeconds(1);
        await this.RegisterOrUpdateReminder(ExpiryReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
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

        var appointment = await store.FindAppointmentAsync(AppointmentId, CancellationToken.None);
        if (appointment is not null)
        {
            var result = await GrainFactory.GetGrain<ISlotGrain>(appointment.SlotId).ExpireAsync(AppointmentId);
            if (result.Outcome == AppointmentChangeOutcome.NotDue)
            {
                // Fired early (clock skew between silos): the next tick comes back for it.
                logger.LogInformation("Expiry of appointment {AppointmentId} is not due yet", AppointmentId);
                return;
            }
        }

        await StopExpiryAsync();
    }

    private async Task<AppointmentChangeResult> ChangeThroughSlotAsync(
        Func<ISlotGrain, Guid, Task<AppointmentChangeResult>> change, CancellationToken cancellationToken)
    {
        var appointment = await store.FindAppointmentAsync(AppointmentId, cancellationToken);
        if (appointment is null)
        {
            return new AppointmentChangeResult(AppointmentChangeOutcome.NotFound);
        }

        var result = await change(GrainFactory.GetGrain<ISlotGrain>(appointment.SlotId), AppointmentId);
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
            var reminders = ServiceProvider.GetRequiredService<VisitReminders>();
            if (!reminders.Enabled && changedTo is not null)
            {
                return;
            }

            var next = changedTo switch
            {
                AppointmentStatus.Confirmed => await reminders.DueInAsync(AppointmentId),
                null => await reminders.FiredAsync(AppointmentId),
                _ => null,
            };
            if (next is { } due)
            {
                await this.RegisterOrUpdateReminder(VisitReminder, due, reminders.Period);
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
