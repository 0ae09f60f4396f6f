using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// The life of an appointment over HTTP, on the real silo and database (holds of 3 s): cancel, expiry by
/// the reminder, the event trail, the server's clock on reads, and idempotent booking with Idempotency-Key.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LifecycleEndpointTests(ApiFixture fixture)
{
    private const string KeyHeader = "Idempotency-Key";

    private HttpClient Http => fixture.Http;

    // ---- Cancel ----

    [Fact]
    public async Task CancellingAPendingHoldReturnsCancelledAndTheSlotIsBookableAgainAtOnce()
    {
        var slot = (await fixture.SlotsAsync(1))[0];
        var slotId = slot.GetProperty("id").GetGuid();
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();
        Assert.DoesNotContain(slotId, await ListedSlotIdsAsync(doctorId));

        using var cancel = await Http.PutAsync($"/api/appointments/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, cancelled.GetProperty("id").GetGuid());
        Assert.Equal("CANCELLED", cancelled.GetProperty("status").GetString());
        Assert.Equal("CANCELLED", await StoredStatusAsync(id));

        // Free at once: no waiting for the hold to run out.
        Assert.Contains(slotId, await ListedSlotIdsAsync(doctorId));
        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{slotId}");
        Assert.True(read.GetProperty("is_available").GetBoolean());
        using var rebook = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 2));
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
        var second = await rebook.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(id, second.GetProperty("id").GetGuid());
        Assert.Equal("PENDING", second.GetProperty("status").GetString());
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    [Fact]
    public async Task CancellingACancelledAppointmentAgainReturnsOkAndRecordsNoSecondCancel()
    {
        var slotId = await fixture.SlotAsync();
        var id = (await BookAsync(slotId)).GetProperty("id").GetGuid();
        using var first = await Http.PutAsync($"/api/appointments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();

        using var again = await Http.PutAsync($"/api/appointments/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var againBody = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, againBody.GetProperty("id").GetGuid());
        Assert.Equal("CANCELLED", againBody.GetProperty("status").GetString());
        Assert.Equal(firstBody.GetProperty("updated_at").GetString(), againBody.GetProperty("updated_at").GetString());
        Assert.Equal(["-:PENDING", "PENDING:CANCELLED"], await EventsOfAsync(id));
    }

    [Fact]
    public async Task CancellingAConfirmedAppointmentReturnsCancelledAndFreesTheSlot()
    {
        var slotId = await fixture.SlotAsync();
        var id = (await BookAsync(slotId)).GetProperty("id").GetGuid();
        using var confirm = await Http.PutAsync($"/api/appointments/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);

        using var cancel = await Http.PutAsync($"/api/appointments/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("CANCELLED", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("CANCELLED", await StoredStatusAsync(id));
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
        using var rebook = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 2));
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
    }

    [Fact]
    public async Task CancellingAHoldThatLapsedReturnsConflictWithHoldExpiredType()
    {
        var slotId = await fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();
        fixture.Lapse(Instant(booked, "expires_at"));

        using var cancel = await Http.PutAsync($"/api/appointments/{id}/cancel", null);

        await AssertProblemAsync(cancel, HttpStatusCode.Conflict, "/problems/hold-expired");
        Assert.NotEqual("CANCELLED", await StoredStatusAsync(id));
        Assert.DoesNotContain("PENDING:CANCELLED", await EventsOfAsync(id));
        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("EXPIRED", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancellingAnUnknownAppointmentReturnsNotFound()
    {
        using var cancel = await Http.PutAsync($"/api/appointments/{Guid.NewGuid()}/cancel", null);

        await AssertProblemAsync(cancel, HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    public async Task CancellingWithAMalformedIdReturnsBadRequestNamingTheId(string id)
    {
        using var cancel = await Http.PutAsync($"/api/appointments/{id}/cancel", null);

        await AssertProblemAsync(cancel, HttpStatusCode.BadRequest, "/problems/validation-error");
        var problem = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task ConfirmingACancelledAppointmentReturnsConflictWithAppointmentCancelledType()
    {
        var slotId = await fixture.SlotAsync();
        var id = (await BookAsync(slotId)).GetProperty("id").GetGuid();
        using var cancel = await Http.PutAsync($"/api/appointments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        using var confirm = await Http.PutAsync($"/api/appointments/{id}/confirm", null);

        await AssertProblemAsync(confirm, HttpStatusCode.Conflict, "/problems/appointment-cancelled");
        Assert.Equal("CANCELLED", await StoredStatusAsync(id));
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
        Assert.Equal(["-:PENDING", "PENDING:CANCELLED"], await EventsOfAsync(id));
    }

    // ---- Expiry by the reminder ----

    [Fact]
    public async Task AnUnconfirmedHoldBecomesExpiredInTheDatabaseByItselfAndItsSlotIsListedAgain()
    {
        var slot = (await fixture.SlotsAsync(1))[0];
        var slotId = slot.GetProperty("id").GetGuid();
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();
        Assert.Equal("PENDING", await StoredStatusAsync(id));

        // Nothing writes to this slot meanwhile, so only the hold's own expiry can change the row.
        Assert.True(await fixture.Database.StatusBecomesAsync(id, "EXPIRED", TimeSpan.FromSeconds(ApiFixture.HoldSeconds + 15)), "The hold was not EXPIRED in time");
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = @id AND is_available", ("id", slotId)));
        Assert.Equal(["-:PENDING", "PENDING:EXPIRED"], await EventsOfAsync(id));
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM appointments WHERE id = @id AND updated_at >= expires_at", ("id", id)));

        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("EXPIRED", read.GetProperty("status").GetString());
        Assert.Contains(slotId, await ListedSlotIdsAsync(doctorId));
        using var rebook = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 2));
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
    }

    // ---- The event trail ----

    [Fact]
    public async Task EveryTransitionIsRecordedAsAnEventWithItsFromAndToStatus()
    {
        var slots = await fixture.SlotsAsync(2);
        var confirmedThenCancelled = (await BookAsync(slots[0].GetProperty("id").GetGuid())).GetProperty("id").GetGuid();
        var cancelledWhilePending = (await BookAsync(slots[1].GetProperty("id").GetGuid())).GetProperty("id").GetGuid();

        foreach (var (id, action) in new[]
        {
            (confirmedThenCancelled, "confirm"), (confirmedThenCancelled, "confirm"), (confirmedThenCancelled, "cancel"),
            (confirmedThenCancelled, "cancel"), (cancelledWhilePending, "cancel"),
        })
        {
            using var response = await Http.PutAsync($"/api/appointments/{id}/{action}", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Repeats change nothing and so record nothing.
        Assert.Equal(["-:PENDING", "PENDING:CONFIRMED", "CONFIRMED:CANCELLED"], await EventsOfAsync(confirmedThenCancelled));
        Assert.Equal(["-:PENDING", "PENDING:CANCELLED"], await EventsOfAsync(cancelledWhilePending));

        // Each event has a time from the booking on, in order, and a reason a support person can read.
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            """
            SELECT count(*) FROM appointment_events e JOIN appointments a ON a.id = e.appointment_id
            WHERE e.appointment_id = ANY(@ids) AND (e.at < a.created_at OR e.at > a.updated_at OR length(trim(e.reason)) = 0)
            """,
            ("ids", new[] { confirmedThenCancelled, cancelledWhilePending })));
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            """
            SELECT count(*) FROM appointment_events e JOIN appointment_events later
              ON later.appointment_id = e.appointment_id AND later.id > e.id AND later.at < e.at
            WHERE e.appointment_id = ANY(@ids)
            """,
            ("ids", new[] { confirmedThenCancelled, cancelledWhilePending })));
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM appointment_events WHERE appointment_id = @id AND to_status = 'CANCELLED' AND at = (SELECT updated_at FROM appointments WHERE id = @id)",
            ("id", confirmedThenCancelled)));
    }

    // ---- Reading ----

    [Fact]
    public async Task GettingAnAppointmentShowsTheServerNowAndWhenTheHoldExpires()
    {
        var booked = await BookAsync(await fixture.SlotAsync());
        var id = booked.GetProperty("id").GetGuid();

        var first = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        var second = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");

        foreach (var read in new[] { first, second })
        {
            Assert.Equal(JsonValueKind.String, read.GetProperty("now").ValueKind);
            Assert.Equal(JsonValueKind.String, read.GetProperty("expires_at").ValueKind);
            Assert.EndsWith("Z", read.GetProperty("now").GetString(), StringComparison.Ordinal);
            Assert.EndsWith("Z", read.GetProperty("expires_at").GetString(), StringComparison.Ordinal);
            Assert.Equal(booked.GetProperty("expires_at").GetString(), read.GetProperty("expires_at").GetString());
            Assert.True(Instant(read, "now") >= Instant(read, "created_at"));

            // The status a client sees agrees with the countdown the two instants give.
            var expectedStatus = Instant(read, "now") < Instant(read, "expires_at") ? "PENDING" : "EXPIRED";
            Assert.Equal(expectedStatus, read.GetProperty("status").GetString());
        }

        Assert.True(Instant(second, "now") >= Instant(first, "now"));
        Assert.Equal(TimeSpan.FromSeconds(ApiFixture.HoldSeconds), Instant(first, "expires_at") - Instant(first, "created_at"));
        await using var command = fixture.Database.DataSource.CreateCommand("SELECT expires_at FROM appointments WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        var stored = new DateTimeOffset(DateTime.SpecifyKind((DateTime)(await command.ExecuteScalarAsync())!, DateTimeKind.Utc));

        // The Api writes instants to the millisecond.
        Assert.InRange(stored - Instant(first, "expires_at"), TimeSpan.Zero, TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond - 1));
    }

    // ---- Idempotency-Key ----

    [Fact]
    public async Task BookingTwiceWithTheSameIdempotencyKeyAndBodyReturnsTheSameAppointmentAndBooksOnce()
    {
        var slotId = await fixture.SlotAsync();
        var key = NewKey();

        using var first = await BookWithKeyAsync(key, Patient(slotId, 1));
        using var second = await BookWithKeyAsync(key, Patient(slotId, 1));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await AppointmentsOfSlotAsync(slotId));
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM idempotency_records WHERE idempotency_key = @key AND appointment_id = @id", ("key", key), ("id", id)));

        // Even once the appointment is cancelled, the replay answers with it and does not book again.
        using var cancel = await Http.PutAsync($"/api/appointments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        using var third = await BookWithKeyAsync(key, Patient(slotId, 1));
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal(id, (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await AppointmentsOfSlotAsync(slotId));
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    [Fact]
    public async Task ReusingAnIdempotencyKeyWithADifferentBodyReturnsUnprocessableEntity()
    {
        var slots = await fixture.SlotsAsync(2);
        var slotId = slots[0].GetProperty("id").GetGuid();
        var otherSlotId = slots[1].GetProperty("id").GetGuid();
        var key = NewKey();
        using var first = await BookWithKeyAsync(key, Patient(slotId, 1));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var otherPatient = await BookWithKeyAsync(key, Patient(slotId, 2));
        using var otherSlot = await BookWithKeyAsync(key, Patient(otherSlotId, 1));

        await AssertProblemAsync(otherPatient, HttpStatusCode.UnprocessableEntity, "/problems/idempotency-key-reused");
        await AssertProblemAsync(otherSlot, HttpStatusCode.UnprocessableEntity, "/problems/idempotency-key-reused");
        Assert.Equal(1, await AppointmentsOfSlotAsync(slotId));
        Assert.Equal(0, await AppointmentsOfSlotAsync(otherSlotId));
    }

    [Fact]
    public async Task ReplayingARefusedBookingReturnsTheSameRefusalEvenAfterTheSlotBecomesFree()
    {
        var slotId = await fixture.SlotAsync();
        var holder = (await BookAsync(slotId)).GetProperty("id").GetGuid();
        var key = NewKey();

        using var refused = await BookWithKeyAsync(key, Patient(slotId, 2));
        await AssertProblemAsync(refused, HttpStatusCode.Conflict, "/problems/slot-taken");
        using var cancel = await Http.PutAsync($"/api/appointments/{holder}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        using var replay = await BookWithKeyAsync(key, Patient(slotId, 2));

        await AssertProblemAsync(replay, HttpStatusCode.Conflict, "/problems/slot-taken");
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
        Assert.Equal(1, await AppointmentsOfSlotAsync(slotId));

        // The slot really is free: the same booking under a new key succeeds.
        using var fresh = await BookWithKeyAsync(NewKey(), Patient(slotId, 2));
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
    }

    [Fact]
    public async Task TwentyConcurrentRequestsWithOneIdempotencyKeyBookOnceAndAnswerWithThatAppointmentOrInUse()
    {
        // Several rounds, each on its own slot and key, to meet more than one interleaving.
        var slots = await fixture.SlotsAsync(5);
        foreach (var slot in slots)
        {
            var slotId = slot.GetProperty("id").GetGuid();
            var key = NewKey();
            var body = Patient(slotId, 7);

            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            {
                using var response = await BookWithKeyAsync(key, body);
                return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
            }));

            Assert.All(answers, a => Assert.True(
                a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"Unexpected {(int)a.StatusCode}: {a.Body}"));
            var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToArray();
            Assert.NotEmpty(created);
            var id = created[0].Body.GetProperty("id").GetGuid();
            Assert.All(created, a => Assert.Equal(id, a.Body.GetProperty("id").GetGuid()));
            Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Conflict),
                a => Assert.Equal("/problems/idempotency-key-in-use", a.Body.GetProperty("type").GetString()));
            Assert.Equal(1, await AppointmentsOfSlotAsync(slotId));

            using var replay = await BookWithKeyAsync(key, body);
            Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
            Assert.Equal(id, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
    }

    [Theory]
    [InlineData(300, "")]
    [InlineData(256, "")]
    [InlineData(0, "two words")]
    [InlineData(0, "tab\there")]
    public async Task AnInvalidIdempotencyKeyIsRejectedNamingTheHeaderAndBooksNothing(int length, string text)
    {
        var slotId = await fixture.SlotAsync();
        var key = length > 0 ? new string('k', length) : text;

        using var response = await BookWithKeyAsync(key, Patient(slotId, 1));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation-error");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        // Header names are case-insensitive; the Api's snake_case key policy writes this one as idempotency-key.
        Assert.True(errors.EnumerateObject().Any(e => e.Name.Equals(KeyHeader, StringComparison.OrdinalIgnoreCase)), errors.ToString());
        Assert.Equal(0, await AppointmentsOfSlotAsync(slotId));
    }

    [Fact]
    public async Task AnIdempotencyKeyOfTheLongestAllowedLengthIsAccepted()
    {
        var slotId = await fixture.SlotAsync();
        var key = NewKey() + new string('x', 255 - 32);

        using var response = await BookWithKeyAsync(key, Patient(slotId, 1));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM idempotency_records WHERE idempotency_key = @key", ("key", key)));
    }

    [Fact]
    public async Task BookingWithoutAnIdempotencyKeyIsNotReplayedAndKeepsNoRecord()
    {
        var slotId = await fixture.SlotAsync();
        var records = await fixture.Database.ScalarAsync("SELECT count(*) FROM idempotency_records");

        using var first = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 1));
        using var second = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 1));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(second, HttpStatusCode.Conflict, "/problems/slot-taken");
        Assert.Equal(1, await AppointmentsOfSlotAsync(slotId));
        Assert.Equal(records, await fixture.Database.ScalarAsync("SELECT count(*) FROM idempotency_records"));
    }

    // ---- Helpers ----

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static object Patient(Guid slotId, int n) => PatientApi.Booking(slotId, n);

    private async Task<JsonElement> BookAsync(Guid slotId) => (await new PatientApi(Http).BookedAsync(slotId)).Body;

    private Task<HttpResponseMessage> BookWithKeyAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/appointments/book") { Content = JsonContent.Create(body) };
        Assert.True(request.Headers.TryAddWithoutValidation(KeyHeader, key));
        return Http.SendAsync(request);
    }

    private async Task<Guid[]> ListedSlotIdsAsync(Guid doctorId)
    {
        var listed = await Http.GetFromJsonAsync<JsonElement>($"/api/slots?doctor_id={doctorId}");
        return listed.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToArray();
    }

    private Task<long> AppointmentsOfSlotAsync(Guid slotId) =>
        fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @slot", ("slot", slotId));

    private Task<string?> StoredStatusAsync(Guid id) => fixture.Database.StatusAsync(id);

    /// <summary>The appointment's events in order, each as from:to ("-" for none).</summary>
    private async Task<List<string>> EventsOfAsync(Guid id)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT coalesce(from_status, '-') || ':' || to_status FROM appointment_events WHERE appointment_id = @id ORDER BY id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<string>();
        while (await reader.ReadAsync())
        {
            events.Add(reader.GetString(0));
        }

        return events;
    }

    private static DateTimeOffset Instant(JsonElement element, string field) =>
        DateTimeOffset.Parse(element.GetProperty(field).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }
}
