using Booking.Grains.Interfaces;

namespace Booking.Grains.Notifications;

/// <summary>
/// The e-mails the engine sends, by the <c>kind</c> stored with each delivery. Adding one (the reschedule notice
/// of the schedules issue) takes a rule in <see cref="FromEvents"/> when an event makes it, and its wording in
/// <see cref="MailComposer"/>; the outbox, retries and the sending stay as they are.
/// </summary>
public static class MailKinds
{
    /// <summary>The appointment is confirmed: details, the link that reopens it, an invitation (.ics, METHOD:REQUEST).</summary>
    public const string Confirmation = "confirmation";

    /// <summary>A confirmed appointment was cancelled: a notice and a cancelling .ics (METHOD:CANCEL) for the calendar.</summary>
    public const string Cancellation = "cancellation";

    /// <summary><see cref="NotificationOptions.ReminderLeadTime"/> before a confirmed appointment; made by the appointment's grain reminder.</summary>
    public const string Reminder = "reminder";

    /// <summary>A single-use "my appointments" sign-in link; made by a request for one.</summary>
    public const string SignInLink = "sign_in_link";

    /// <summary>
    /// Which appointment events make which e-mail. A hold that is booked, expires or is cancelled before it was
    /// confirmed makes none: the patient was never sent an invitation to take back.
    /// </summary>
    public static IReadOnlyList<EventMailRule> FromEvents { get; } =
    [
        new(From: null, To: AppointmentStatus.Confirmed, Confirmation),
        new(From: AppointmentStatus.Confirmed, To: AppointmentStatus.Cancelled, Cancellation),
    ];
}

/// <summary>An event from <paramref name="From"/> (null: any) to <paramref name="To"/> makes an e-mail of <paramref name="Kind"/>.</summary>
public sealed record EventMailRule(AppointmentStatus? From, AppointmentStatus To, string Kind);
