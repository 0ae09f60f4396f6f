using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Booking.Grains.Notifications;

/// <summary>
/// When an appointment's reminder e-mail is due, for the Orleans reminder its grain keeps (<c>visit-reminder</c>), and
/// what happens when it fires. The e-mail itself goes through the outbox like every other.
/// </summary>
public sealed class VisitReminders(NotificationStore store, IOptions<NotificationOptions> options, IOptions<SmtpOptions> smtp,
    IOptions<ReminderOptions> reminders, TimeProvider clock)
{
    // Orleans refuses due times past ~49 days; a longer wait is made of 30-day legs, each firing re-registering the next.
    private static readonly TimeSpan LongestLeg = TimeSpan.FromDays(30);

    /// <summary>False when e-mail is off: no reminder is registered, and confirm and cancel do no reminder work at all.</summary>
    public bool Enabled => smtp.Value.Enabled;

    /// <summary>
    /// The period of an appointment's one-shot reminders (this one and the hold expiry): the silo's minimum, so that a tick
    /// missed while no silo ran the reminder comes soon after.
    /// </summary>
    public TimeSpan Period => reminders.Value.MinimumReminderPeriod > TimeSpan.FromSeconds(1) ? reminders.Value.MinimumReminderPeriod : TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long until the reminder of a just-confirmed appointment is due: null when e-mail is off, the appointment is
    /// not confirmed, or the reminder time has already passed (the confirmation has just told the patient everything).
    /// </summary>
    public async Task<TimeSpan?> DueInAsync(Guid appointmentId)
    {
        var wait = await WaitAsync(appointmentId);
        return wait > TimeSpan.Zero ? Leg(wait.Value) : null;
    }

    /// <summary>
    /// The reminder fired: queues the e-mail when it is due (once per appointment and time, whatever fires), or gives the
    /// next leg of a long wait. Null: nothing more to wait for.
    /// </summary>
    public async Task<TimeSpan?> FiredAsync(Guid appointmentId)
    {
        var wait = await WaitAsync(appointmentId);
        if (wait > TimeSpan.FromMinutes(1))
        {
            return Leg(wait.Value);
        }

        if (wait is not null)
        {
            await store.EnqueueReminderAsync(appointmentId, clock.GetUtcNow(), CancellationToken.None);
        }

        return null;
    }

    /// <summary>Time left until the reminder is due (negative: overdue); null when there is nothing to remind of.</summary>
    private async Task<TimeSpan?> WaitAsync(Guid appointmentId)
    {
        if (!smtp.Value.Enabled || await store.ConfirmedStartAsync(appointmentId, CancellationToken.None) is not { } start)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return start > now ? start - options.Value.ReminderLeadTime - now : null;
    }

    private static TimeSpan Leg(TimeSpan wait) => wait < LongestLeg ? wait : LongestLeg;
}
