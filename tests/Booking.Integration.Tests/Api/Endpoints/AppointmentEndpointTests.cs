using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>Booking and the appointment endpoints: book by slot or by time, read, confirm, lapse, list and page.</summary>
[Collection(ApiCollection.Name)]
public sealed class AppointmentEndpointTests(ApiFixture fixture) : EndpointTestBase(fixture)
{
    [Fact]
    public async Task BookingBySlotIdReturnsCreatedWithLocationAndAPendingHoldThatExpiresAfterTheHoldDuration()
    {
        var slot = (await Fixture.SlotsAsync(1))[0];
        var slotId = slot.GetProperty("id").GetGuid();

        using var response = await Http.PostAsJsonAsync("/api/appointments/book", new
        {
            slot_id = slotId,
            patient_name = "Grace Patient",
            patient_email = "grace@example.com",
            patient_phone = "+1 555 0142",
            reason = "Annual check-up",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var appointment = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertAppointment(appointment, booked: true);
        var id = appointment.GetProperty("id").GetGuid();
        Assert.Equal($"/api/appointments/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("PENDING", appointment.GetProperty("status").GetString());
        Assert.Equal(slotId, appointment.GetProperty("slot_id").GetGuid());
        Assert.Equal(slot.GetProperty("doctor_id").GetGuid(), appointment.GetProperty("doctor_id").GetGuid());
        Assert.Equal(slot.GetProperty("date").GetString(), appointment.GetProperty("appointment_date").GetString());
        Assert.Equal("09:00", appointment.GetProperty("appointment_time").GetString());
        Assert.Equal("Grace Patient", appointment.GetProperty("patient_name").GetString());
        Assert.Equal("grace@example.com", appointment.GetProperty("patient_email").GetString());
        Assert.Equal("+1 555 0142", appointment.GetProperty("patient_phone").GetString());
        Assert.Equal("Annual check-up", appointment.GetProperty("reason").GetString());
        var hold = Instant(appointment, "expires_at") - Instant(appointment, "created_at");
        Assert.InRange(hold, TimeSpan.FromSeconds(ApiFixture.HoldSeconds - 0.5), TimeSpan.FromSeconds(ApiFixture.HoldSeconds + 0.5));
        Assert.Equal(1, await Fixture.Database.ScalarAsync(
            "SELECT count(*) FROM appointments WHERE id = @id AND slot_id = @slot AND status = 'PENDING'", ("id", id), ("slot", slotId)));
    }

    [Fact]
    public async Task BookingByDoctorDateAndTimeBooksThatSlot()
    {
        var slots = await Fixture.SlotsAsync(3);
        var target = slots[2];

        using var response = await Http.PostAsJsonAsync("/api/appointments/book", new
        {
            doctor_id = target.GetProperty("doctor_id").GetGuid(),
            appointment_date = target.GetProperty("date").GetString(),
            appointment_time = "10:00",
            patient_name = "Alan Patient",
            patient_email = "alan@example.com",
            patient_phone = "555-0199",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var appointment = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertAppointment(appointment, booked: true);
        Assert.Equal($"/api/appointments/{appointment.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
        Assert.Equal("PENDING", appointment.GetProperty("status").GetString());
        Assert.Equal(target.GetProperty("id").GetGuid(), appointment.GetProperty("slot_id").GetGuid());
        Assert.Equal("10:00", appointment.GetProperty("appointment_time").GetString());
        Assert.Equal(JsonValueKind.Null, appointment.GetProperty("reason").ValueKind);
        Assert.Equal(1, await Fixture.Database.ActiveAppointmentsAsync(target.GetProperty("id").GetGuid()));
        Assert.Equal(0, await Fixture.Database.ActiveAppointmentsAsync(slots[0].GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task GettingAnAppointmentReturnsItWithTheServerNow()
    {
        var booked = await BookAsync(await Fixture.SlotAsync());
        var id = booked.GetProperty("id").GetGuid();

        using var response = await Http.GetAsync($"/api/appointments/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var appointment = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertAppointment(appointment);
        Assert.Equal(id, appointment.GetProperty("id").GetGuid());
        Assert.Equal(booked.GetProperty("slot_id").GetGuid(), appointment.GetProperty("slot_id").GetGuid());
        Assert.Equal(booked.GetProperty("expires_at").GetString(), appointment.GetProperty("expires_at").GetString());
        Assert.True(Instant(appointment, "now") >= Instant(booked, "created_at"));
    }

    [Fact]
    public async Task AnAppointmentWhoseHoldLapsedReadsAsExpiredAndItsSlotIsAvailableAgain()
    {
        var slotId = await Fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();

        Lapse(booked);

        var appointment = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("EXPIRED", appointment.GetProperty("status").GetString());
        Assert.True(Instant(appointment, "now") > Instant(appointment, "expires_at"));
        var slot = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{slotId}");
        Assert.True(slot.GetProperty("is_available").GetBoolean());
        Assert.Equal(0, await Fixture.Database.ScalarAsync(
            "SELECT count(*) FROM appointments WHERE slot_id = @slot AND status IN ('PENDING', 'CONFIRMED') AND expires_at > @now", ("slot", slotId), ("now", Fixture.Clock.GetUtcNow())));
    }

    [Fact]
    public async Task ConfirmingAPendingHoldReturnsConfirmedAndConfirmingAgainReturnsTheSame()
    {
        var slotId = await Fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();

        using var confirm = await Http.PutAsync($"/api/appointments/{id}/confirm", null);

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var confirmed = await confirm.Content.ReadFromJsonAsync<JsonElement>();
        AssertAppointment(confirmed);
        Assert.Equal(id, confirmed.GetProperty("id").GetGuid());
        Assert.Equal("CONFIRMED", confirmed.GetProperty("status").GetString());

        using var again = await Http.PutAsync($"/api/appointments/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("CONFIRMED", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("CONFIRMED", read.GetProperty("status").GetString());
        Assert.Equal(1, await Fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND status = 'CONFIRMED'", ("id", id)));
    }

    [Fact]
    public async Task AConfirmedAppointmentStaysConfirmedAfterTheHoldDurationAndKeepsItsSlot()
    {
        var slotId = await Fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();
        using var confirm = await Http.PutAsync($"/api/appointments/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);

        Lapse(booked);

        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("CONFIRMED", read.GetProperty("status").GetString());
        using var again = await Http.PutAsync($"/api/appointments/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var slot = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{slotId}");
        Assert.False(slot.GetProperty("is_available").GetBoolean());
        using var rebook = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 9));
        await AssertProblemAsync(rebook, HttpStatusCode.Conflict, "/problems/slot-taken");
    }

    [Fact]
    public async Task ConfirmingAfterTheHoldLapsedReturnsConflictWithHoldExpiredType()
    {
        var slotId = await Fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();

        Lapse(booked);
        using var confirm = await Http.PutAsync($"/api/appointments/{id}/confirm", null);

        await AssertProblemAsync(confirm, HttpStatusCode.Conflict, "/problems/hold-expired");
        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("EXPIRED", read.GetProperty("status").GetString());
        Assert.Equal(0, await Fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND status = 'CONFIRMED'", ("id", id)));

        // The lapsed hold freed the slot: someone else can book it now.
        using var rebook = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 2));
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
    }

    [Fact]
    public async Task ListingAppointmentsFiltersByStatusDoctorDateAndPatientEmail()
    {
        var doctorId = (await Fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var day1 = FutureDate(33);
        var day2 = FutureDate(34);
        var slotIds = (await CreateSlotsAsync(doctorId, day1, "09:00", "09:30")).Concat(await CreateSlotsAsync(doctorId, day2, "09:00")).ToArray();
        var email = $"filter-{Guid.NewGuid():N}@example.com";
        var first = (await BookAsync(slotIds[0], email)).GetProperty("id").GetGuid();
        var second = (await BookAsync(slotIds[1])).GetProperty("id").GetGuid();
        var third = (await BookAsync(slotIds[2], email)).GetProperty("id").GetGuid();
        using (var confirm = await Http.PutAsync($"/api/appointments/{second}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        Assert.Equal([third, second, first], await ListIdsAsync($"doctor_id={doctorId}"));
        Assert.Equal([second, first], await ListIdsAsync($"doctor_id={doctorId}&date={day1}"));
        Assert.Equal([third, first], await ListIdsAsync($"patient_email={email.ToUpperInvariant()}"));
        Assert.Equal([third], await ListIdsAsync($"patient_email={email}&date={day2}"));
        Assert.Equal([second], await ListIdsAsync($"doctor_id={doctorId}&status=CONFIRMED"));
        Assert.Equal([second], await ListIdsAsync($"doctor_id={doctorId}&status=confirmed"));
        Assert.Empty(await ListIdsAsync($"doctor_id={doctorId}&status=CANCELLED"));
        Assert.Empty(await ListIdsAsync($"doctor_id={Guid.NewGuid()}"));

        // Once the holds lapse, the unconfirmed ones list as EXPIRED and no longer as PENDING.
        Lapse(await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{third}"));
        Assert.Equal([third, first], await ListIdsAsync($"doctor_id={doctorId}&status=EXPIRED"));
        Assert.Empty(await ListIdsAsync($"doctor_id={doctorId}&status=PENDING"));
        Assert.Equal([second], await ListIdsAsync($"doctor_id={doctorId}&status=CONFIRMED"));
    }

    [Fact]
    public async Task ListingPendingAppointmentsShowsAFreshHold()
    {
        var slotId = await Fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var doctorId = booked.GetProperty("doctor_id").GetGuid();

        using var response = await Http.GetAsync($"/api/appointments?doctor_id={doctorId}&status=PENDING");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertFields(page, ["items", "next_cursor"]);
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        AssertAppointment(item);
        Assert.Equal(booked.GetProperty("id").GetGuid(), item.GetProperty("id").GetGuid());
        Assert.Equal("PENDING", item.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task PagingThroughAppointmentsWithLimitAndCursorVisitsEveryItemOnceNewestFirst()
    {
        var slots = await Fixture.SlotsAsync(7);
        var doctorId = slots[0].GetProperty("doctor_id").GetGuid();
        List<Guid> booked = [];
        foreach (var slot in slots)
        {
            booked.Add((await BookAsync(slot.GetProperty("id").GetGuid())).GetProperty("id").GetGuid());
        }

        List<Guid> seen = [];
        List<int> pageSizes = [];
        List<DateTimeOffset> created = [];
        string? cursor = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var url = $"/api/appointments?doctor_id={doctorId}&limit=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            pageSizes.Add(items.Length);
            seen.AddRange(items.Select(i => i.GetProperty("id").GetGuid()));
            created.AddRange(items.Select(i => Instant(i, "created_at")));
            if (page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null)
            {
                cursor = null;
                break;
            }

            cursor = page.GetProperty("next_cursor").GetString();
            Assert.False(string.IsNullOrEmpty(cursor));
        }

        Assert.Null(cursor);
        Assert.Equal([3, 3, 1], pageSizes);
        Assert.Equal(Enumerable.Reverse(booked).ToArray(), seen.ToArray());
        Assert.Equal(created.OrderDescending().ToArray(), created.ToArray());
    }

    [Fact]
    public async Task APageThatEndsExactlyAtTheLastItemHasNoNextCursorAfterIt()
    {
        var slots = await Fixture.SlotsAsync(4);
        var doctorId = slots[0].GetProperty("doctor_id").GetGuid();
        foreach (var slot in slots)
        {
            await BookAsync(slot.GetProperty("id").GetGuid());
        }

        var first = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments?doctor_id={doctorId}&limit=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("next_cursor").GetString();
        Assert.False(string.IsNullOrEmpty(cursor));
        var second = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments?doctor_id={doctorId}&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);

        var whole = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments?doctor_id={doctorId}&limit=4");
        Assert.Equal(4, whole.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task ListingAppointmentsWithoutLimitReturnsAtMostTheDefaultPageSize()
    {
        await BookAsync(await Fixture.SlotAsync());

        using var response = await Http.GetAsync("/api/appointments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var count = page.GetProperty("items").GetArrayLength();
        Assert.InRange(count, 1, 50);
        var total = await Fixture.Database.ScalarAsync("SELECT count(*) FROM appointments");
        Assert.Equal(Math.Min(total, 50), count);
        Assert.Equal(total > 50, page.GetProperty("next_cursor").ValueKind == JsonValueKind.String);
    }
}
