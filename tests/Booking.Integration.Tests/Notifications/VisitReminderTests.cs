using Booking.Integration.Tests.Infrastructure;
using System.Globalization;

namespace Booking.Integration.Tests.Notifications;

/// <summary>
/// The reminder e-mail: an Orleans reminder of the appointment's grain, registered on confirm, due
/// <see cref="NotificationFixture.ReminderLeadTime"/> before the appointment, gone when it has fired or the appointment is cancelled.
/// </summary>
[Collection(NotificationCollection.Name)]
public sealed class VisitReminderTests(NotificationFixture fx)
{
    private const string RemindersSql =
        "SELECT count(*) FROM orleans_reminder WHERE reminder_name = 'visit-reminder' AND grain_id LIKE '%' || @id || '%'";

    [Fact]
    public async Task AReminderIsMailedTheLeadTimeBeforeAConfirmedAppointment()
    {
        // A slot that starts the lead time plus a few seconds from now (to the second, which only SQL can publish),
        // so the reminder falls due while the test waits.
        var email = NotificationFixture.Email();
        var slotId = await SlotStartingAtAsync(DateTimeOffset.UtcNow + NotificationFixture.ReminderLeadTime + TimeSpan.FromSeconds(8));
        var (id, token) = await fx.BookAsync(slotId, email);
        await fx.ChangeAsync(id, token, "confirm");
        Assert.Equal(1, await fx.Database.ScalarAsync(RemindersSql, ("id", id.ToString("N"))));

        var reminder = await fx.Smtp.WaitForAsync(email, m => m.Subject?.StartsWith("Reminder:", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(40));

        Assert.Contains("This is a reminder of your appointment with Dr Notify Test", reminder.TextBody);
        Assert.Contains($"/appointments/{id}?token=", reminder.TextBody);
        Assert.StartsWith($"email.reminder.{id}.", reminder.MessageId);
        await fx.WaitForCountAsync(RemindersSql, 0, ("id", id.ToString("N")));
        Assert.Single(fx.Smtp.To(email), m => m.Subject?.StartsWith("Reminder:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AMovedAppointmentsReminderComesForItsNewTimeAndNamesIt()
    {
        var email = NotificationFixture.Email();
        var (id, token) = await fx.ConfirmedAsync(email);
        var start = DateTimeOffset.UtcNow + NotificationFixture.ReminderLeadTime + TimeSpan.FromSeconds(10);
        await fx.RescheduleAsync(id, token, await SlotStartingAtAsync(start));

        var reminder = await fx.Smtp.WaitForAsync(email, m => m.Subject?.StartsWith("Reminder:", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(40));

        var utc = start.UtcDateTime;
        var when = string.Create(CultureInfo.InvariantCulture, $"{utc:dddd d MMMM yyyy} at {utc:HH:mm} (UTC)");
        Assert.Contains($"This is a reminder of your appointment with Dr Notify Test on {when}", reminder.TextBody);
        Assert.Contains(when, reminder.Subject);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"email.reminder.{id}.{utc:yyyy-MM-dd}T"), reminder.MessageId);
        await fx.WaitForCountAsync(RemindersSql, 0, ("id", id.ToString("N")));
    }

    [Fact]
    public async Task CancellingAConfirmedAppointmentRemovesItsReminder()
    {
        var (id, token) = await fx.ConfirmedAsync(NotificationFixture.Email());
        Assert.Equal(1, await fx.Database.ScalarAsync(RemindersSql, ("id", id.ToString("N"))));

        await fx.ChangeAsync(id, token, "cancel");

        Assert.Equal(0, await fx.Database.ScalarAsync(RemindersSql, ("id", id.ToString("N"))));
    }

    [Fact]
    public async Task AnAppointmentConfirmedWithinTheLeadTimeGetsNoReminder()
    {
        var email = NotificationFixture.Email();
        var slotId = await SlotStartingAtAsync(DateTimeOffset.UtcNow + (NotificationFixture.ReminderLeadTime / 2));
        var (id, token) = await fx.BookAsync(slotId, email);
        await fx.ChangeAsync(id, token, "confirm");

        await fx.Smtp.WaitForAsync(email, m => m.Subject?.StartsWith("Appointment confirmed", StringComparison.Ordinal) == true);
        Assert.Equal(0, await fx.Database.ScalarAsync(RemindersSql, ("id", id.ToString("N"))));
    }

    /// <summary>A slot of a new UTC doctor starting at <paramref name="start"/> (to the second).</summary>
    private async Task<Guid> SlotStartingAtAsync(DateTimeOffset start)
    {
        var doctor = (await fx.Admin.DoctorAsync("UTC", "Dr Notify Test")).GetProperty("id").GetGuid();
        var slotId = Guid.NewGuid();
        var utc = start.UtcDateTime;
        await fx.Database.InsertSlotAsync(slotId, doctor, DateOnly.FromDateTime(utc), new TimeOnly(utc.Hour, utc.Minute, utc.Second));
        return slotId;
    }
}
