using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Notifications;

/// <summary>Webhooks: admin registration, signed deliveries a receiver on 127.0.0.1 verifies, payload contents, retries and the attempt log.</summary>
[Collection(NotificationCollection.Name)]
public sealed class WebhookTests(NotificationFixture fx)
{
    private const string AttemptsSql = """
        SELECT count(*) FROM webhook_attempts a JOIN notification_deliveries d ON d.id = a.delivery_id
        WHERE a.endpoint_id = @e AND d.appointment_id = @a
        """;

    [Fact]
    public async Task AnEndpointReceivesSignedEventsWithIdsAndStatusesOnly()
    {
        var endpoint = await RegisterAsync(["appointment.booked", "appointment.confirmed"]);
        try
        {
            using (var listed = await fx.Http.GetAsync("/api/webhooks"))
            {
                var body = await listed.Content.ReadAsStringAsync();
                Assert.Contains(endpoint.ToString(), body);
                Assert.DoesNotContain(fx.Receiver.Secret, body);
                Assert.DoesNotContain("\"secret\"", body);
            }

            var email = NotificationFixture.Email();
            var (id, _) = await fx.ConfirmedAsync(email);

            var booked = await fx.Receiver.WaitForAsync(r => r.AppointmentId == id && r.Type == "appointment.booked");
            var confirmed = await fx.Receiver.WaitForAsync(r => r.AppointmentId == id && r.Type == "appointment.confirmed");
            Assert.True(booked.SignatureValid);
            Assert.True(confirmed.SignatureValid);
            using var payload = JsonDocument.Parse(confirmed.Body);
            Assert.Equal(confirmed.EventId, payload.RootElement.GetProperty("event_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("CONFIRMED", payload.RootElement.GetProperty("appointment").GetProperty("status").GetString());
            Assert.Equal("PENDING", payload.RootElement.GetProperty("appointment").GetProperty("previous_status").GetString());
            Assert.Equal(JsonValueKind.Null, payload.RootElement.GetProperty("patient").ValueKind);
            Assert.DoesNotContain(email, confirmed.Body);
            Assert.DoesNotContain("Nora", booked.Body);

            await fx.WaitForCountAsync(AttemptsSql + " AND a.succeeded", 2, ("e", endpoint), ("a", id));
            var attempts = await AttemptsAsync(endpoint, id);
            Assert.Contains(attempts, a => a.GetProperty("event_type").GetString() == "appointment.confirmed" && a.GetProperty("succeeded").GetBoolean()
                && a.GetProperty("status_code").GetInt32() == 200 && a.GetProperty("delivery_status").GetString() is "SENT" or "PENDING");
        }
        finally
        {
            await RemoveAsync(endpoint);
        }
    }

    [Fact]
    public async Task ContactDataGoesOnlyToAnEndpointMarkedForIt()
    {
        var endpoint = await RegisterAsync(["appointment.confirmed"], includeContactData: true);
        try
        {
            var email = NotificationFixture.Email();
            var (id, _) = await fx.ConfirmedAsync(email);

            var received = await fx.Receiver.WaitForAsync(r => r.AppointmentId == id && r.Type == "appointment.confirmed");

            Assert.True(received.SignatureValid);
            using var payload = JsonDocument.Parse(received.Body);
            Assert.Equal(email, payload.RootElement.GetProperty("patient").GetProperty("email").GetString());
            Assert.Equal("Nora Notified", payload.RootElement.GetProperty("patient").GetProperty("name").GetString());
        }
        finally
        {
            await RemoveAsync(endpoint);
        }
    }

    [Fact]
    public async Task EveryMoveIsDeliveredAsAppointmentRescheduledWithBothSlotsAndTheNewTime()
    {
        var endpoint = await RegisterAsync(["appointment.confirmed", "appointment.rescheduled"]);
        try
        {
            var email = NotificationFixture.Email();
            var (id, token) = await fx.BookAsync(await fx.SlotAsync("UTC"), email);
            var berlin = await fx.SlotAsync("Europe/Berlin");
            var newYork = await fx.SlotAsync("America/New_York");
            await fx.RescheduleAsync(id, token, berlin);
            await fx.ChangeAsync(id, token, "confirm");
            await fx.RescheduleAsync(id, token, newYork);

            var held = await fx.Receiver.WaitForAsync(r => r.AppointmentId == id && r.Type == "appointment.rescheduled" && r.Body.Contains("\"PENDING\"", StringComparison.Ordinal));
            var confirmed = await fx.Receiver.WaitForAsync(r => r.AppointmentId == id && r.Type == "appointment.rescheduled" && r.Body.Contains("\"CONFIRMED\"", StringComparison.Ordinal));

            Assert.True(held.SignatureValid);
            Assert.True(confirmed.SignatureValid);
            using var payload = JsonDocument.Parse(confirmed.Body);
            var appointment = payload.RootElement.GetProperty("appointment");
            Assert.Equal(id, appointment.GetProperty("id").GetGuid());
            Assert.Equal("CONFIRMED", appointment.GetProperty("status").GetString());
            Assert.Equal("CONFIRMED", appointment.GetProperty("previous_status").GetString());
            var move = payload.RootElement.GetProperty("reschedule");
            Assert.Equal(berlin, move.GetProperty("from_slot_id").GetGuid());
            Assert.Equal(newYork, move.GetProperty("to_slot_id").GetGuid());
            Assert.Equal(NotificationFixture.FutureDate, move.GetProperty("appointment_date").GetString());
            Assert.Equal("09:00", move.GetProperty("appointment_time").GetString());
            Assert.Equal("America/New_York", move.GetProperty("time_zone").GetString());
            Assert.Equal(JsonValueKind.Null, payload.RootElement.GetProperty("patient").ValueKind);
            Assert.DoesNotContain(email, confirmed.Body);
            using (var first = JsonDocument.Parse(held.Body))
            {
                Assert.Equal(berlin, first.RootElement.GetProperty("reschedule").GetProperty("to_slot_id").GetGuid());
                Assert.Equal("Europe/Berlin", first.RootElement.GetProperty("reschedule").GetProperty("time_zone").GetString());
            }

            // A move goes out as appointment.rescheduled only: not as appointment.confirmed (or booked) again.
            await fx.WaitForCountAsync(AttemptsSql + " AND a.succeeded", 3, ("e", endpoint), ("a", id));
            Assert.Equal("appointment.rescheduled,appointment.confirmed,appointment.rescheduled", await fx.Database.TextAsync(
                "SELECT string_agg(kind, ',' ORDER BY id) FROM notification_deliveries WHERE endpoint_id = @e AND appointment_id = @a", ("e", endpoint), ("a", id)));
            var confirmedEvent = fx.Receiver.Received.Single(r => r.AppointmentId == id && r.Type == "appointment.confirmed");
            using var confirmedPayload = JsonDocument.Parse(confirmedEvent.Body);
            Assert.Equal(JsonValueKind.Null, confirmedPayload.RootElement.GetProperty("reschedule").ValueKind);
        }
        finally
        {
            await RemoveAsync(endpoint);
        }
    }

    [Fact]
    public async Task AFailingReceiverIsRetriedWithBackoffAndEveryAttemptIsLogged()
    {
        var endpoint = await RegisterAsync(["appointment.confirmed"]);
        var failed = 0;
        fx.Receiver.Respond = r => Task.FromResult(r.Type == "appointment.confirmed" && Interlocked.Increment(ref failed) == 1 ? 500 : 200);
        try
        {
            var (id, _) = await fx.ConfirmedAsync(NotificationFixture.Email());

            var retried = await fx.Receiver.WaitForAsync(r => r.AppointmentId == id && r.Attempt == 2);
            Assert.True(retried.SignatureValid);
            var first = fx.Receiver.Received.First(r => r.AppointmentId == id && r.Attempt == 1);
            Assert.Equal(first.EventId, retried.EventId);

            await fx.WaitForCountAsync(AttemptsSql, 2, ("e", endpoint), ("a", id));
            var attempts = await AttemptsAsync(endpoint, id);
            Assert.Equal(2, attempts.Count);
            Assert.False(attempts[1].GetProperty("succeeded").GetBoolean());
            Assert.Equal(500, attempts[1].GetProperty("status_code").GetInt32());
            Assert.Equal("HTTP 500", attempts[1].GetProperty("error").GetString());
            Assert.True(attempts[0].GetProperty("succeeded").GetBoolean());
            Assert.Equal(2, attempts[0].GetProperty("attempt").GetInt32());
            Assert.All(attempts, a => Assert.Equal("SENT", a.GetProperty("delivery_status").GetString()));
        }
        finally
        {
            fx.Receiver.Respond = _ => Task.FromResult(200);
            await RemoveAsync(endpoint);
        }
    }

    [Fact]
    public async Task BadRegistrationsAreRefusedWithFieldErrorsAndOnlyAdminsMayRegister()
    {
        using var bad = await fx.Http.PostAsJsonAsync("/api/webhooks", new { url = "ftp://127.0.0.1/x", events = new[] { "appointment.moved" }, secret = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _));
        Assert.True(errors.TryGetProperty("events", out _));
        Assert.True(errors.TryGetProperty("secret", out _));

        using var anonymous = await fx.Anonymous.PostAsJsonAsync("/api/webhooks", new { url = fx.Receiver.Url, events = new[] { "appointment.booked" } });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var anonymousLog = await fx.Anonymous.GetAsync($"/api/webhooks/{Guid.NewGuid()}/attempts");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousLog.StatusCode);
        using var unknownLog = await fx.Http.GetAsync($"/api/webhooks/{Guid.NewGuid()}/attempts");
        Assert.Equal(HttpStatusCode.NotFound, unknownLog.StatusCode);
        using var unknownDelete = await fx.Http.DeleteAsync($"/api/webhooks/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknownDelete.StatusCode);
    }

    /// <summary>Registers the receiver as an admin; the generated secret is shown once and used by the receiver.</summary>
    private async Task<Guid> RegisterAsync(string[] events, bool includeContactData = false)
    {
        using var response = await fx.Http.PostAsJsonAsync("/api/webhooks", new { url = fx.Receiver.Url, events, include_contact_data = includeContactData });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        fx.Receiver.Secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("/api/webhooks/", response.Headers.Location?.ToString());
        return created.GetProperty("id").GetGuid();
    }

    private async Task RemoveAsync(Guid endpoint)
    {
        using var response = await fx.Http.DeleteAsync($"/api/webhooks/{endpoint}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>The endpoint's attempts for one appointment, newest first.</summary>
    private async Task<List<JsonElement>> AttemptsAsync(Guid endpoint, Guid appointmentId)
    {
        var log = await fx.Http.GetFromJsonAsync<JsonElement>($"/api/webhooks/{endpoint}/attempts?limit=100");
        return log.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("appointment_id").GetGuid() == appointmentId).ToList();
    }
}
