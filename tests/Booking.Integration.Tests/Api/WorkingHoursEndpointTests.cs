using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>GET/PUT /api/doctors/{id}/working-hours and its preview over HTTP, with the silo's default 8-week horizon.</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkingHoursEndpointTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static readonly object _weekdayMornings = new
    {
        slot_minutes = 60,
        buffer_minutes = 0,
        weekly = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(d => new { weekday = d, start_time = "09:00", end_time = "12:00" }).ToArray(),
        exceptions = new[] { new { date = AdminApi.FutureDate(10), periods = Array.Empty<object>(), note = "Holiday" } },
    };

    private async Task<Guid> DoctorAsync() => (await fixture.DoctorAsync()).GetProperty("id").GetGuid();

    private async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<long> SlotCountAsync(Guid doctorId) => fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @d", ("d", doctorId));

    [Fact]
    public async Task ADoctorWithoutWorkingHoursHasNoneAndNoSlots()
    {
        var doctorId = await DoctorAsync();

        var hours = await OkAsync(await Http.GetAsync($"/api/doctors/{doctorId}/working-hours"));

        Assert.Equal(JsonValueKind.Null, hours.GetProperty("updated_at").ValueKind);
        Assert.Empty(hours.GetProperty("weekly").EnumerateArray());
        Assert.Empty(hours.GetProperty("outside_rules").EnumerateArray());
        Assert.Equal(0, await SlotCountAsync(doctorId));
    }

    [Fact]
    public async Task ReplacedWorkingHoursReadBackAndMakeSlotsForEightWeeksAhead()
    {
        var doctorId = await DoctorAsync();

        var saved = await OkAsync(await Http.PutAsJsonAsync($"/api/doctors/{doctorId}/working-hours", _weekdayMornings));
        var hours = await OkAsync(await Http.GetAsync($"/api/doctors/{doctorId}/working-hours"));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = DateTimeOffset.UtcNow;
        var holiday = DateOnly.Parse(AdminApi.FutureDate(10), CultureInfo.InvariantCulture);
        var expected = Enumerable.Range(0, 56).Select(today.AddDays)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && d != holiday)
            .SelectMany(d => new[] { 9, 10, 11 }.Select(h => new DateTimeOffset(d.ToDateTime(new TimeOnly(h, 0)), TimeSpan.Zero)))
            .Count(t => t > now);
        Assert.Equal(expected, saved.GetProperty("created").GetInt32());
        Assert.Equal(expected, await SlotCountAsync(doctorId));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @d AND date = @h", ("d", doctorId), ("h", holiday)));
        Assert.Equal(today.AddDays(55).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), hours.GetProperty("generated_through").GetString());
        Assert.Equal(60, hours.GetProperty("slot_minutes").GetInt32());
        Assert.Equal("UTC", hours.GetProperty("time_zone").GetString());
        Assert.Equal(
            ["monday 09:00-12:00", "tuesday 09:00-12:00", "wednesday 09:00-12:00", "thursday 09:00-12:00", "friday 09:00-12:00"],
            hours.GetProperty("weekly").EnumerateArray().Select(p => $"{p.GetProperty("weekday").GetString()} {p.GetProperty("start_time").GetString()}-{p.GetProperty("end_time").GetString()}"));
        var exception = Assert.Single(hours.GetProperty("exceptions").EnumerateArray());
        Assert.Equal("Holiday", exception.GetProperty("note").GetString());
        Assert.Empty(exception.GetProperty("periods").EnumerateArray());
        Assert.Equal(JsonValueKind.String, hours.GetProperty("updated_at").ValueKind);
    }

    [Fact]
    public async Task InvalidWorkingHoursAreRefusedFieldByFieldAndChangeNothing()
    {
        var doctorId = await DoctorAsync();
        var before = await fixture.Database.SnapshotAsync();

        using var response = await Http.PutAsJsonAsync($"/api/doctors/{doctorId}/working-hours", new
        {
            slot_minutes = 2,
            buffer_minutes = 500,
            weekly = new[]
            {
                new { weekday = "monday", start_time = "09:00", end_time = "12:00" },
                new { weekday = "monday", start_time = "11:00", end_time = "13:00" },
                new { weekday = "someday", start_time = "17:00", end_time = "09:00" },
            },
            exceptions = new[] { new { date = "2025-02-30" } },
        });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("/problems/validation-error", problem.GetProperty("type").GetString());
        Assert.Equal(
            ["buffer_minutes", "exceptions[0].date", "slot_minutes", "weekly[1]", "weekly[2].end_time", "weekly[2].weekday"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(before, await fixture.Database.SnapshotAsync());
    }

    [Fact]
    public async Task AnUnknownDoctorHasNoWorkingHours()
    {
        var unknown = Guid.NewGuid();

        using var get = await Http.GetAsync($"/api/doctors/{unknown}/working-hours");
        using var put = await Http.PutAsJsonAsync($"/api/doctors/{unknown}/working-hours", _weekdayMornings);
        using var preview = await Http.PostAsJsonAsync($"/api/doctors/{unknown}/working-hours/preview", _weekdayMornings);

        Assert.All(new[] { get, put, preview }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM working_hours WHERE doctor_id = @d", ("d", unknown)));
    }

    [Fact]
    public async Task APreviewShowsTheSlotsTheRulesWouldMakeAndSavesNothing()
    {
        var doctorId = await DoctorAsync();

        var preview = await OkAsync(await Http.PostAsJsonAsync($"/api/doctors/{doctorId}/working-hours/preview?days=7", _weekdayMornings));

        var slots = preview.GetProperty("slots").EnumerateArray().ToList();
        Assert.Equal(7, preview.GetProperty("days").GetInt32());
        Assert.InRange(slots.Count, 12, 15);
        Assert.All(slots, s => Assert.Contains(s.GetProperty("time").GetString(), new[] { "09:00", "10:00", "11:00" }));
        Assert.All(slots, s => Assert.Equal(60, s.GetProperty("duration_minutes").GetInt32()));
        Assert.Equal($"{slots[0].GetProperty("date").GetString()}T{slots[0].GetProperty("time").GetString()}:00.000Z", slots[0].GetProperty("starts_at").GetString());
        Assert.Equal(0, await SlotCountAsync(doctorId));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM working_hours WHERE doctor_id = @d", ("d", doctorId)));

        using var tooLong = await Http.PostAsJsonAsync($"/api/doctors/{doctorId}/working-hours/preview?days=63", _weekdayMornings);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task APreviewMarksThePlannedSlotThatAHandMadeSlotIsInTheWayOf()
    {
        var doctorId = await DoctorAsync();
        var before = (await OkAsync(await Http.PostAsJsonAsync($"/api/doctors/{doctorId}/working-hours/preview?days=7", _weekdayMornings)))
            .GetProperty("slots").EnumerateArray().ToList();
        Assert.All(before, s => Assert.False(s.GetProperty("blocked").GetBoolean()));

        // A half-hour slot made by hand at 09:30 on one of the previewed days overlaps that day's 09:00-10:00 slot.
        var date = before[2].GetProperty("date").GetString()!;
        using var handMade = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, time = "09:30", duration_minutes = 30 });
        Assert.Equal(HttpStatusCode.Created, handMade.StatusCode);

        var after = (await OkAsync(await Http.PostAsJsonAsync($"/api/doctors/{doctorId}/working-hours/preview?days=7", _weekdayMornings)))
            .GetProperty("slots").EnumerateArray().ToList();
        var blocked = Assert.Single(after, s => s.GetProperty("blocked").GetBoolean());
        Assert.Equal((date, "09:00"), (blocked.GetProperty("date").GetString(), blocked.GetProperty("time").GetString()));
        Assert.Equal(before.Count, after.Count);
    }

    [Fact]
    public async Task ABookedSlotThatTheNewHoursNoLongerMakeStaysAndIsListedOutsideTheRules()
    {
        var doctorId = await DoctorAsync();
        await OkAsync(await Http.PutAsJsonAsync($"/api/doctors/{doctorId}/working-hours", _weekdayMornings));
        var slotId = await FirstSlotAsync(doctorId);
        using var booked = await fixture.Anonymous.PostAsJsonAsync("/api/appointments/book", new
        {
            slot_id = slotId, patient_name = "Pat Outside", patient_email = "pat@example.com", patient_phone = "+1 555 0101",
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointment = await booked.Content.ReadFromJsonAsync<JsonElement>();
        using var confirmed = await Http.PutAsync($"/api/appointments/{appointment.GetProperty("id").GetGuid()}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        var saved = await OkAsync(await Http.PutAsJsonAsync($"/api/doctors/{doctorId}/working-hours", new
        {
            slot_minutes = 30,
            weekly = new[] { new { weekday = "saturday", start_time = "10:00", end_time = "11:00" } },
        }));

        var outside = Assert.Single(saved.GetProperty("working_hours").GetProperty("outside_rules").EnumerateArray());
        Assert.Equal(slotId, outside.GetProperty("id").GetGuid());
        Assert.Equal("CONFIRMED", outside.GetProperty("status").GetString());
        Assert.Equal(appointment.GetProperty("id").GetGuid(), outside.GetProperty("appointment_id").GetGuid());
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slotId));
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM slots WHERE doctor_id = @d AND extract(isodow FROM date) < 6 AND id <> @booked", ("d", doctorId), ("booked", slotId)));
    }

    private async Task<Guid> FirstSlotAsync(Guid doctorId)
    {
        await using var command = fixture.Database.DataSource.CreateCommand("SELECT id FROM slots WHERE doctor_id = @d ORDER BY starts_at LIMIT 1");
        command.Parameters.AddWithValue("d", doctorId);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
