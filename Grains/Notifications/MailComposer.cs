using Booking.Grains.Interfaces;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;
using System.Globalization;
using System.Net;
using System.Text;

namespace Booking.Grains.Notifications;

/// <summary>
/// Writes the e-mails: a plain-text and an HTML body with the same content, and for confirmations, move notices and
/// cancellations an iCalendar invitation (RFC 5545, in the doctor's time zone, with its VTIMEZONE) made by Ical.Net.
/// The Message-ID comes from the delivery's key (the event id, or the reminder's or link's id), so a message
/// sent again after a lost acknowledgement is recognisably the same message.
/// </summary>
public sealed class MailComposer(MailboxAddress from, string publicBaseUrl, AccessTokenSigner? appointmentTokens, AccessTokenSigner? signInTokens)
{
    private readonly string _domain = from.Domain is { Length: > 0 } domain ? domain : "booking.local";

    /// <summary>
    /// The message of an appointment e-mail of the delivery's kind; null for a kind this composer does not know.
    /// <paramref name="madeBy"/> is the event that made the delivery (null for a reminder); <paramref name="movedFrom"/>,
    /// for a move notice, the slot the appointment moved from (null when that slot is gone: the notice then names only the new time).
    /// </summary>
    public MimeMessage? Appointment(ClaimedDelivery delivery, MailAppointment appointment, OutboxEvent? madeBy, SlotPlace? movedFrom, DateTimeOffset now)
    {
        var when = When(appointment.Date, appointment.Time, appointment.TimeZone);
        var with = With(appointment.DoctorName, appointment.ClinicName);
        var (subject, lines, method) = delivery.Kind switch
        {
            MailKinds.Confirmation => (
                $"Appointment confirmed: {appointment.DoctorName}, {when}",
                new[] { $"Your appointment with {with} on {when} is confirmed.", "The invitation for your calendar is attached." },
                "REQUEST"),
            MailKinds.Reschedule => (
                $"Appointment moved: {appointment.DoctorName}, {when}",
                movedFrom is null
                    ? new[] { $"Your appointment has been moved: it is now with {with} on {when}.", "The attached invitation updates it in your calendar." }
                    : new[]
                    {
                        $"Your appointment with {With(movedFrom.DoctorName, movedFrom.ClinicName)} on {When(movedFrom.Date, movedFrom.Time, movedFrom.TimeZone)} has been moved.",
                        $"It is now with {with} on {when}.",
                        "The attached invitation updates it in your calendar.",
                    },
                "REQUEST"),
            MailKinds.Cancellation => (
                $"Appointment cancelled: {appointment.DoctorName}, {when}",
                new[] { $"Your appointment with {with} on {when} has been cancelled.", "The attachment removes it from your calendar." },
                "CANCEL"),
            MailKinds.Reminder => (
                $"Reminder: {appointment.DoctorName}, {when}",
                new[] { $"This is a reminder of your appointment with {with} on {when}." },
                null),
            _ => default((string, string[], string?)),
        };
        if (subject is null)
        {
            return null;
        }

        var link = appointmentTokens is null ? null : $"{publicBaseUrl}/appointments/{appointment.Id}?token={appointmentTokens.For(appointment.Id)}";
        var message = Message(delivery, appointment.PatientName, appointment.PatientEmail, subject, lines,
            link is null ? null : ("Open your appointment (to see or cancel it)", link));
        if (method is not null)
        {
            var attachment = new MimePart("text", "calendar")
            {
                Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(Invitation(appointment, method, Sequence(delivery.Kind, madeBy), now)))),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = method == "CANCEL" ? "cancel.ics" : "invite.ics" },
                ContentTransferEncoding = ContentEncoding.Base64,
            };
            attachment.ContentType.Parameters.Add("method", method);
            attachment.ContentType.Charset = "utf-8";
            message.Body = new Multipart("mixed") { message.Body!, attachment };
        }

        return message;
    }

    /// <summary>The "my appointments" sign-in e-mail; null when links cannot be made (no signing key).</summary>
    public MimeMessage? SignIn(ClaimedDelivery delivery, SignInLink link, TimeSpan lifetime)
    {
        if (signInTokens is null)
        {
            return null;
        }

        var url = $"{publicBaseUrl}/my-appointments#token={signInTokens.LinkToken(link.Id)}";
        var minutes = (int)Math.Round(lifetime.TotalMinutes);
        return Message(delivery, null, link.Email, "Your link to your appointments",
            [$"Here is the link to the list of your appointments. It works once, within {minutes} minutes.", "If you did not ask for it, ignore this e-mail."],
            ("See my appointments", url));
    }

    /// <summary>
    /// The SEQUENCE of the kind's invitation, which calendars use to order the messages about one UID: the confirmation's
    /// is 0, a move's update the number of moves so far (moves while the hold was PENDING count too, harmlessly), and a
    /// cancellation's one more than every move before it.
    /// </summary>
    public static int Sequence(string kind, OutboxEvent? madeBy) => kind switch
    {
        MailKinds.Reschedule => madeBy?.Moves ?? 1,
        MailKinds.Cancellation => (madeBy?.Moves ?? 0) + 1,
        _ => 0,
    };

    /// <summary>The invitation: one VEVENT whose UID is the appointment's, so a later one (moved, cancelled) with a higher SEQUENCE replaces it.</summary>
    public string Invitation(MailAppointment appointment, string method, int sequence, DateTimeOffset now)
    {
        var calendar = new Ical.Net.Calendar { Method = method, ProductId = "-//Booking engine//Appointments//EN" };
        var utc = appointment.TimeZone is "UTC" or "Etc/UTC";
        if (!utc)
        {
            calendar.AddTimeZone(appointment.TimeZone);
        }

        var start = new CalDateTime(appointment.Date, appointment.Time, utc ? CalDateTime.UtcTzId : appointment.TimeZone);
        var cancel = method == "CANCEL";
        var item = new CalendarEvent
        {
            Uid = $"{appointment.Id}@{_domain}",
            Sequence = sequence,
            DtStamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId),
            DtStart = start,
            DtEnd = start.AddMinutes(appointment.DurationMinutes),
            Summary = $"Appointment with {appointment.DoctorName}",
            Location = appointment.ClinicName,
            Status = cancel ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer($"mailto:{from.Address}") { CommonName = from.Name },
        };
        item.Attendees.Add(new Attendee($"mailto:{appointment.PatientEmail}")
        {
            CommonName = appointment.PatientName,
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = cancel ? "DECLINED" : "ACCEPTED",
        });
        calendar.Events.Add(item);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>A local date and time as a person reads it, with the doctor's time zone.</summary>
    private static string When(DateOnly date, TimeOnly time, string timeZone) =>
        string.Create(CultureInfo.InvariantCulture, $"{date:dddd d MMMM yyyy} at {time:HH:mm} ({timeZone})");

    private static string With(string doctorName, string? clinicName) => clinicName is null ? doctorName : $"{doctorName}, {clinicName}";

    private MimeMessage Message(ClaimedDelivery delivery, string? name, string email, string subject, string[] lines, (string Label, string Url)? action)
    {
        var greeting = name is null ? "Hello," : $"Hello {name},";
        var text = new StringBuilder().AppendLine(greeting).AppendLine();
        var html = new StringBuilder($"<p>{WebUtility.HtmlEncode(greeting)}</p>");
        foreach (var line in lines)
        {
            text.AppendLine(line);
            html.Append(CultureInfo.InvariantCulture, $"<p>{WebUtility.HtmlEncode(line)}</p>");
        }

        if (action is { } a)
        {
            text.AppendLine().AppendLine($"{a.Label}: {a.Url}");
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{WebUtility.HtmlEncode(a.Url)}\">{WebUtility.HtmlEncode(a.Label)}</a></p>");
        }

        var message = new MimeMessage { Subject = subject, MessageId = $"{delivery.DedupeKey.Replace(':', '.')}@{_domain}" };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(name ?? "", email));
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }
}
