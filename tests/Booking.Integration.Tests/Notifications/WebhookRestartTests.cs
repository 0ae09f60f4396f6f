using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Notifications;

/// <summary>At-least-once delivery across a silo restart: a delivery claimed by a silo that stops mid-flight is handed back as the silo stops and sent by the next silo at once (a silo that dies instead leaves its lease to run out: OutboxTests).</summary>
public sealed class WebhookRestartTests
{
    [Fact]
    public async Task AWebhookInFlightWhenItsSiloStopsIsDeliveredByTheNextSilo()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = TestAuth.SigningKey,
            ["Notifications:PollInterval"] = "00:00:00.100",
            ["Notifications:ClaimLease"] = "00:10:00",
            ["Notifications:WebhookTimeout"] = "00:00:30",
            ["Notifications:RetryBaseDelay"] = "00:00:00.200",
        };

        // The first attempt is held open by the receiver until the silo that made it has stopped.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = async r =>
        {
            if (r.Attempt == 1)
            {
                await release.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }

            return 200;
        };

        Guid appointment;
        var first = await SiloHost.StartAsync(database.ConnectionString, settings);
        try
        {
            await using var api = new ApiFactory(first);
            using var admin = api.Admin();
            using var created = await admin.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events = new[] { "appointment.booked" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            receiver.Secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

            var slot = (await new AdminApi(admin).SlotIdsAsync(1))[0];
            using var booked = await api.Anonymous().PostAsJsonAsync("/api/appointments/book", new
            {
                slot_id = slot, patient_name = "Rita Restart", patient_email = "rita@example.com", patient_phone = "+44 20 7946 0111",
            });
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            appointment = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await receiver.WaitForAsync(r => r.AppointmentId == appointment && r.Attempt == 1);
        }
        finally
        {
            await first.DisposeAsync();
            release.TrySetResult();
        }

        // Nothing recorded the held attempt, and the stopping silo handed its claim back: the delivery is due now, not
        // when its 10-minute lease would have run out (the next silo would not send it within this test's time).
        Assert.Equal(1, await database.ScalarAsync(
            "SELECT count(*) FROM notification_deliveries WHERE appointment_id = @a AND status = 'PENDING' AND attempts = 1 AND next_attempt_at <= now()",
            ("a", appointment)));

        await using var second = await SiloHost.StartAsync(database.ConnectionString, settings);
        var redelivered = await receiver.WaitForAsync(r => r.AppointmentId == appointment && r.Attempt == 2);

        Assert.True(redelivered.SignatureValid);
        var seen = receiver.Received.Where(r => r.AppointmentId == appointment).ToList();
        Assert.True(seen.Count >= 2);
        Assert.Single(seen.Select(r => r.EventId).Distinct());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await database.ScalarAsync("SELECT count(*) FROM notification_deliveries WHERE appointment_id = @a AND status = 'SENT'", ("a", appointment)) != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the redelivered webhook was not recorded as SENT");
            await Task.Delay(50);
        }
    }
}
