using Booking.Grains.Interfaces;

namespace Booking.Grains.Notifications;

/// <summary>
/// The e-mails the engine sends, by the <c>kind</c> stored with each delivery. Adding one takes a rule in
/// <see cref="FromEvents"/> when an event makes it, and its wording in <see cref="MailComposer"/>; the outbox, retries
/// and the sending stay as they are.
/// </summary>
public static class MailKinds
{
    /// <summary>The appointment is confirmed: details, the link that reopens it, an invitation (.ics, METHOD:REQUEST).</summary>
    public const string Confirmation = "confirmation";

    /// <summary>A confirmed appointment moved to another slot: the old and new time, and the invitation updated (METHOD:REQUEST, higher SEQUENCE).</summary>
    public const string Reschedule = "reschedule";

    /// <summary>A confirmed appointment was cancelled: a notice and a cancelling .ics (METHOD:CANCEL) for the calendar.</summary>
    public const string Cancellation = "cancellation";

    /// <summary><see cref="NotificationOptions.ReminderLeadTime"/> before a confirmed appointment; made by the appointment's grain reminder.</summary>
    public const string Reminder = "reminder";

    /// <summary>A single-use "my appointments" sign-in link; made by a request for one.</summary>
    public const string SignInLink = "sign_in_link";

    /// <summary>
    /// Which appointment events make which e-mail. A hold that is booked, moved, expires or is cancelled before it was
    /// confirmed makes none: the patient was never sent an invitation to update or take back.
    /// </summary>
    public static IReadOnlyList<EventMailRule> FromEvents { get; } =
    [
        new(From: null, To: AppointmentStatus.Confirmed, Moved: false, Confirmation),
        new(From: AppointmentStatus.Confirmed, To: AppointmentStatus.Confirmed, Moved: true, Reschedule),
        new(From: AppointmentStatus.Confirmed, To: AppointmentStatus.Cancelled, Moved: false, Cancellation),
    ];

    /// <summary>
    /// Whether an appointment e-mail still tells the truth when it is about to be sent. A confirmation, reminder or move
    /// notice of an appointment that is no longer confirmed would mislead (its cancellation follows), and so would the
    /// notice of a move that a later move has overtaken (the later move's notice follows). <paramref name="madeBy"/>: the
    /// event that made the delivery; null for a reminder.
    /// </summary>
    public static bool StillTrue(string kind, MailAppointment appointment, OutboxEvent? madeBy) => kind switch
    {
        Confirmation or Reminder => appointment.Status == AppointmentStatus.Confirmed,
        Reschedule => appointment.Status == AppointmentStatus.Confirmed && madeBy?.ToSlotId == appointment.SlotId,
        _ => true,
    };
}

/// <summary>
/// An event from <paramref name="From"/> (null: any) to <paramref name="To"/> makes an e-mail of <paramref name="Kind"/>;
/// <paramref name="Moved"/>: the event is a reschedule (it names the slots moved between), not a change of status.
/// </summary>
public sealed record EventMailRule(AppointmentStatus? From, AppointmentStatus To, bool Moved, string Kind);
