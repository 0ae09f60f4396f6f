using Booking.Integration.Tests.Infrastructure;
using MimeKit;
using System.Globalization;

namespace Booking.Integration.Tests.Notifications;

/// <summary>
/// The e-mail a move makes, received by a real SMTP server: an updated invitation (same UID, higher SEQUENCE, the new
/// doctor's time zone) for a confirmed appointment, nothing for a hold, and the invitations that follow stay in order.
/// </summary>
[Collection(NotificationCollection.Name)]
public sealed class RescheduleNoticeTests(NotificationFixture fx)
{
    private const string EmailKindsSql =
        "SELECT string_agg(kind, ',' ORDER BY id) FROM notification_deliveries WHERE appointment_id = @id AND channel = 'email'";

    private static readonly DateOnly Day = DateOnly.ParseExact(NotificationFixture.FutureDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task MovingAConfirmedAppointmentSendsTheOldAndNewTimeWithAnUpdatedInvitationThatACancellationStillOutranks()
    {
        var email = NotificationFixture.Email();
        var (id, token) = await fx.ConfirmedAsync(email, "Europe/Berlin");
        var confirmation = await fx.Smtp.WaitForAsync(email, Subject("Appointment confirmed"));
        var original = Assert.Single(EmailNotificationTests.Invitation(confirmation, "REQUEST").Events);

        await fx.RescheduleAsync(id, token, await fx.SlotAsync("America/New_York"));
        var notice = await fx.Smtp.WaitForAsync(email, Subject("Appointment moved"));

        var eventId = await fx.Database.ScalarAsync("SELECT id FROM appointment_events WHERE appointment_id = @id AND to_slot_id IS NOT NULL", ("id", id));
        Assert.Equal($"email.{eventId}.reschedule@booking.test", notice.MessageId);
        Assert.Contains($"on {When(Day, "Europe/Berlin")} has been moved", notice.TextBody);
        Assert.Contains($"It is now with Dr Notify Test on {When(Day, "America/New_York")}", notice.TextBody);
        Assert.Contains("has been moved", notice.HtmlBody);
        Assert.Contains($"/appointments/{id}?token=", notice.TextBody);

        var calendar = EmailNotificationTests.Invitation(notice, "REQUEST");
        var update = Assert.Single(calendar.Events);
        Assert.Equal(original.Uid, update.Uid);
        Assert.True(update.Sequence > original.Sequence, $"SEQUENCE {update.Sequence} after {original.Sequence}");
        Assert.Equal("CONFIRMED", update.Status);
        Assert.Equal("America/New_York", update.DtStart!.TzId);
        Assert.Equal(Day.ToDateTime(new TimeOnly(9, 0)), update.DtStart.Value);
        Assert.Equal("America/New_York", update.DtEnd!.TzId);
        Assert.Equal(Day.ToDateTime(new TimeOnly(9, 30)), update.DtEnd.Value);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(Day.ToDateTime(new TimeOnly(9, 0)), newYork), update.DtStart.AsUtc);
        Assert.Contains(calendar.TimeZones, z => z.TzId == "America/New_York");

        // The move made its notice and nothing else: not a second confirmation.
        Assert.Equal("confirmation,reschedule", await fx.Database.TextAsync(EmailKindsSql, ("id", id)));

        await fx.ChangeAsync(id, token, "cancel");
        var cancelled = await fx.Smtp.WaitForAsync(email, Subject("Appointment cancelled"));
        var cancelling = Assert.Single(EmailNotificationTests.Invitation(cancelled, "CANCEL").Events);
        Assert.Equal(original.Uid, cancelling.Uid);
        Assert.True(cancelling.Sequence > update.Sequence, $"SEQUENCE {cancelling.Sequence} after {update.Sequence}");
        Assert.Equal(update.DtStart.Value, cancelling.DtStart!.Value);
    }

    [Fact]
    public async Task EachMoveOfAConfirmedAppointmentRaisesTheSequenceAndNamesTheTimeItMovedFrom()
    {
        var email = NotificationFixture.Email();
        var (id, token) = await fx.ConfirmedAsync(email, "UTC");
        await fx.Smtp.WaitForAsync(email, Subject("Appointment confirmed"));

        await fx.RescheduleAsync(id, token, await fx.SlotAsync("Asia/Tokyo"));
        var first = await fx.Smtp.WaitForAsync(email, Subject("Appointment moved"));
        await fx.RescheduleAsync(id, token, await fx.SlotAsync("Australia/Sydney"));
        var second = await fx.Smtp.WaitForAsync(email, m => Subject("Appointment moved")(m) && m.MessageId != first.MessageId);

        var one = Assert.Single(EmailNotificationTests.Invitation(first, "REQUEST").Events);
        var two = Assert.Single(EmailNotificationTests.Invitation(second, "REQUEST").Events);
        Assert.Equal(one.Uid, two.Uid);
        Assert.True(two.Sequence > one.Sequence, $"SEQUENCE {two.Sequence} after {one.Sequence}");
        Assert.Equal("Asia/Tokyo", one.DtStart!.TzId);
        Assert.Equal("Australia/Sydney", two.DtStart!.TzId);
        Assert.Contains($"on {When(Day, "Asia/Tokyo")} has been moved", second.TextBody);
        Assert.Contains($"It is now with Dr Notify Test on {When(Day, "Australia/Sydney")}", second.TextBody);
    }

    [Fact]
    public async Task MovingAHoldThatWasNeverConfirmedSendsNothingAndItsLaterConfirmationInvitesToTheNewTime()
    {
        var email = NotificationFixture.Email();
        var (id, token) = await fx.BookAsync(await fx.SlotAsync("Europe/Berlin"), email);
        await fx.RescheduleAsync(id, token, await fx.SlotAsync("America/New_York"));

        // Both events (booked, moved) went through the dispatcher, and made nothing.
        await fx.WaitForCountAsync("SELECT count(*) FROM appointment_events WHERE appointment_id = @id AND dispatched_at IS NOT NULL", 2, ("id", id));
        Assert.Equal(0, await fx.Database.ScalarAsync("SELECT count(*) FROM notification_deliveries WHERE appointment_id = @id", ("id", id)));
        Assert.Empty(fx.Smtp.To(email));

        await fx.ChangeAsync(id, token, "confirm");
        var confirmation = await fx.Smtp.WaitForAsync(email);

        Assert.StartsWith("Appointment confirmed", confirmation.Subject);
        var invitation = Assert.Single(EmailNotificationTests.Invitation(confirmation, "REQUEST").Events);
        Assert.Equal("America/New_York", invitation.DtStart!.TzId);
        Assert.Equal(Day.ToDateTime(new TimeOnly(9, 0)), invitation.DtStart.Value);
        Assert.Equal("confirmation", await fx.Database.TextAsync(EmailKindsSql, ("id", id)));
    }

    /// <summary>A date at 09:00 in <paramref name="timeZone"/>, as the e-mails write it.</summary>
    private static string When(DateOnly date, string timeZone) =>
        string.Create(CultureInfo.InvariantCulture, $"{date:dddd d MMMM yyyy} at 09:00 ({timeZone})");

    private static Func<MimeMessage, bool> Subject(string prefix) => m => m.Subject?.StartsWith(prefix, StringComparison.Ordinal) == true;
}
