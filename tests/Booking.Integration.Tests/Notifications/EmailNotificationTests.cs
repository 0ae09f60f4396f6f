using Booking.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Booking.Integration.Tests.Infrastructure;
using Booking.Integration.Tests.Observability;
using Ical.Net.CalendarComponents;
using MimeKit;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Notifications;

/// <summary>E-mails made from appointment events, received by a real SMTP server: who gets what, and the invitation inside.</summary>
[Collection(NotificationCollection.Name)]
public sealed partial class EmailNotificationTests(NotificationFixture fx)
{
    [Fact]
    public async Task ConfirmingSendsAConfirmationWithAnInvitationInTheDoctorsTimeZone()
    {
        var email = NotificationFixture.Email();
        var (id, _) = await fx.ConfirmedAsync(email, "Europe/Berlin");

        var message = await fx.Smtp.WaitForAsync(email);

        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("clinic@booking.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.StartsWith("Appointment confirmed: Dr Notify Test", message.Subject);
        var eventId = await fx.Database.ScalarAsync("SELECT id FROM appointment_events WHERE appointment_id = @id AND to_status = 'CONFIRMED'", ("id", id));
        Assert.Equal($"email.{eventId}.confirmation@booking.test", message.MessageId);
        Assert.Contains("is confirmed", message.TextBody);
        Assert.Contains("is confirmed", message.HtmlBody);

        var (date, time) = await LocalStartAsync(id);
        var invitation = Invitation(message, "REQUEST");
        var item = Assert.Single(invitation.Events);
        Assert.Equal($"{id}@booking.test", item.Uid);
        Assert.Equal("Europe/Berlin", item.DtStart!.TzId);
        Assert.Equal(date.ToDateTime(time), item.DtStart.Value);
        Assert.Equal("Europe/Berlin", item.DtEnd!.TzId);
        Assert.Equal(date.ToDateTime(time).AddMinutes(30), item.DtEnd.Value);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time), berlin), item.DtStart.AsUtc);
        Assert.Contains(invitation.TimeZones, z => z.TzId == "Europe/Berlin");
        Assert.Equal($"mailto:{email}", Assert.Single(item.Attendees).Value?.ToString());

        // The link in the mail opens the appointment: the silo's token is the one the Api checks.
        var link = ReopenLink().Match(message.TextBody ?? "");
        Assert.True(link.Success, message.TextBody);
        Assert.Equal(id.ToString(), link.Groups["id"].Value);
        using var reopened = await fx.Anonymous.GetAsync($"/api/appointments/{id}?access_token={link.Groups["token"].Value}");
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
    }

    [Fact]
    public async Task CancellingAConfirmedAppointmentSendsANoticeWithACancellingInvitation()
    {
        var email = NotificationFixture.Email();
        var (id, token) = await fx.ConfirmedAsync(email, "America/New_York");
        var confirmation = await fx.Smtp.WaitForAsync(email);
        await fx.ChangeAsync(id, token, "cancel");

        var notice = await fx.Smtp.WaitForAsync(email, m => m.Subject?.StartsWith("Appointment cancelled", StringComparison.Ordinal) == true);

        Assert.Contains("has been cancelled", notice.TextBody);
        var cancelling = Assert.Single(Invitation(notice, "CANCEL").Events);
        var original = Assert.Single(Invitation(confirmation, "REQUEST").Events);
        Assert.Equal(original.Uid, cancelling.Uid);
        Assert.Equal("CANCELLED", cancelling.Status);
        Assert.True(cancelling.Sequence > original.Sequence);
        Assert.Equal("America/New_York", cancelling.DtStart!.TzId);
        Assert.Equal(original.DtStart!.Value, cancelling.DtStart.Value);
    }

    [Fact]
    public async Task AHoldThatIsNeverConfirmedMakesNoMail()
    {
        var email = NotificationFixture.Email();
        var (id, token) = await fx.BookAsync(await fx.SlotAsync(), email);
        await fx.ChangeAsync(id, token, "cancel");

        // Both events (booked, cancelled) went through the dispatcher, and made nothing.
        await fx.WaitForCountAsync("SELECT count(*) FROM appointment_events WHERE appointment_id = @id AND dispatched_at IS NOT NULL", 2, ("id", id));
        Assert.Equal(0, await fx.Database.ScalarAsync("SELECT count(*) FROM notification_deliveries WHERE appointment_id = @id", ("id", id)));
        Assert.Empty(fx.Smtp.To(email));
    }

    [Fact]
    public async Task AMailServerThatRefusesOnceMeansARetryNotALostNotice()
    {
        var email = NotificationFixture.Email("flaky");
        var (id, _) = await fx.ConfirmedAsync(email);

        var message = await fx.Smtp.WaitForAsync(email);

        Assert.StartsWith("Appointment confirmed", message.Subject);
        Assert.Equal(1, fx.Smtp.RefusalsOf(email));
        await fx.WaitForCountAsync("SELECT count(*) FROM notification_deliveries WHERE appointment_id = @id AND status = 'SENT' AND attempts = 2", 1, ("id", id));
        var metrics = await ScrapeSiloAsync();
        Assert.True(Prometheus.Sum(metrics, "booking_notifications_attempts_total", ("channel", "email"), ("outcome", "retry")) >= 1);
        Assert.True(Prometheus.Sum(metrics, "booking_notifications_attempts_total", ("channel", "email"), ("outcome", "sent")) >= 1);
    }

    [Fact]
    public async Task AMessageRefusedEveryTimeIsGivenUpAsDeadAfterTheLastAttempt()
    {
        var email = NotificationFixture.Email("refused");
        var (id, _) = await fx.ConfirmedAsync(email);

        await fx.WaitForCountAsync("SELECT count(*) FROM notification_deliveries WHERE appointment_id = @id AND status = 'DEAD'", 1, ("id", id));

        Assert.Equal(NotificationFixture.MaxAttempts, await fx.Database.ScalarAsync("SELECT attempts FROM notification_deliveries WHERE appointment_id = @id", ("id", id)));
        Assert.Equal(NotificationFixture.MaxAttempts, fx.Smtp.RefusalsOf(email));
        Assert.Empty(fx.Smtp.To(email));
        Assert.True(Prometheus.Sum(await ScrapeSiloAsync(), "booking_notifications_attempts_total", ("channel", "email"), ("outcome", "dead")) >= 1);
    }

    [Fact]
    public async Task AMessageThatCannotBeWrittenIsGivenUpWithoutHoldingUpTheOthers()
    {
        // An address the Api would refuse, put into the database behind its back.
        var (broken, _) = await fx.BookAsync(await fx.SlotAsync(), NotificationFixture.Email());
        await fx.Database.ExecuteAsync("UPDATE appointments SET patient_email = 'nobody at nowhere' WHERE id = @id", ("id", broken));
        var email = NotificationFixture.Email();
        var (fine, fineToken) = await fx.BookAsync(await fx.SlotAsync(), email);

        // Confirmed through the cluster, not over HTTP: the Api would answer with the broken address, which its own
        // contract forbids it to serve.
        var confirmed = await fx.Api.Services.GetRequiredService<IClusterClient>().GetGrain<IAppointmentGrain>(broken).ConfirmAsync();
        Assert.Equal(AppointmentChangeOutcome.Changed, confirmed.Outcome);
        await fx.ChangeAsync(fine, fineToken, "confirm");

        await fx.Smtp.WaitForAsync(email);
        await fx.WaitForCountAsync(
            "SELECT count(*) FROM notification_deliveries WHERE appointment_id = @id AND status = 'DEAD' AND attempts = 1 AND last_error LIKE 'compose: %'", 1, ("id", broken));
    }

    /// <summary>The appointment's local date and time, as the Api shows them.</summary>
    private async Task<(DateOnly Date, TimeOnly Time)> LocalStartAsync(Guid id)
    {
        var appointment = await fx.Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        return (DateOnly.ParseExact(appointment.GetProperty("appointment_date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeOnly.ParseExact(appointment.GetProperty("appointment_time").GetString()!, "HH:mm", CultureInfo.InvariantCulture));
    }

    /// <summary>The message's .ics attachment, parsed by Ical.Net, after checking its METHOD.</summary>
    internal static Ical.Net.Calendar Invitation(MimeMessage message, string method)
    {
        var part = Assert.Single(message.Attachments.OfType<MimePart>(), p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal(method, part.ContentType.Parameters["method"]);
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(content.ToArray()))!;
        Assert.Equal(method, calendar.Method);
        return calendar;
    }

    private async Task<string> ScrapeSiloAsync()
    {
        using var http = new HttpClient();
        return await Prometheus.ScrapeAsync(http, $"http://127.0.0.1:{fx.Silo.HttpPort}/metrics");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:5080/appointments/(?<id>[0-9a-f-]{36})\?token=(?<token>[A-Za-z0-9_-]{43})")]
    private static partial Regex ReopenLink();
}
