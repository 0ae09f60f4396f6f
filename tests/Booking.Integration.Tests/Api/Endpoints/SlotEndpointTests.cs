using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>The slot endpoints: create one, a list or a range, read, list and filter, delete.</summary>
[Collection(ApiCollection.Name)]
public sealed class SlotEndpointTests(ApiFixture fixture) : EndpointTestBase(fixture)
{
    [Fact]
    public async Task CreatingOneSlotByDateAndTimeReturnsCreatedWithLocationAndTheSlot()
    {
        var doctorId = (await Fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var date = FutureDate(20);

        using var response = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, time = "14:30" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertFields(body, ["created", "slots"]);
        Assert.Equal(1, body.GetProperty("created").GetInt32());
        var slot = Assert.Single(body.GetProperty("slots").EnumerateArray());
        AssertSlot(slot);
        var id = slot.GetProperty("id").GetGuid();
        Assert.Equal($"/api/slots/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(doctorId, slot.GetProperty("doctor_id").GetGuid());
        Assert.Equal(date, slot.GetProperty("date").GetString());
        Assert.Equal("14:30", slot.GetProperty("time").GetString());
        Assert.Equal(30, slot.GetProperty("duration_minutes").GetInt32());
        Assert.True(slot.GetProperty("is_available").GetBoolean());
        Assert.Equal(1, await Fixture.Database.ScalarAsync(
            "SELECT count(*) FROM slots WHERE id = @id AND doctor_id = @doctor AND time = '14:30'", ("id", id), ("doctor", doctorId)));
    }

    [Fact]
    public async Task CreatingSlotsFromAListOfTimesCreatesOneSlotPerTimeWithTheGivenDuration()
    {
        var doctorId = (await Fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var date = FutureDate(21);

        using var response = await Http.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctorId,
            date,
            times = new[] { "08:00", "08:20", "16:45" },
            duration_minutes = 20,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, body.GetProperty("created").GetInt32());
        var slots = body.GetProperty("slots").EnumerateArray().ToArray();
        Assert.All(slots, AssertSlot);
        Assert.Equal(["08:00", "08:20", "16:45"], slots.Select(s => s.GetProperty("time").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(slots, s => Assert.Equal(date, s.GetProperty("date").GetString()));
        Assert.All(slots, s => Assert.Equal(20, s.GetProperty("duration_minutes").GetInt32()));
        Assert.Equal(3, slots.Select(s => s.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.Equal(3, await Fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id AND duration_minutes = 20", ("id", doctorId)));
    }

    [Fact]
    public async Task CreatingARangeOfSlotsGeneratesEveryDayAndEveryFullSlotBetweenStartAndEndTime()
    {
        var doctorId = (await Fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(40);

        // 09:00 to 11:00 in 45-minute slots: 09:00 and 09:45 fit, 10:30 would end after 11:00.
        using var response = await Http.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctorId,
            start_date = Format(first),
            end_date = Format(first.AddDays(2)),
            start_time = "09:00",
            end_time = "11:00",
            slot_minutes = 45,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(6, body.GetProperty("created").GetInt32());
        var slots = body.GetProperty("slots").EnumerateArray().ToArray();
        Assert.All(slots, AssertSlot);
        Assert.All(slots, s => Assert.Equal(45, s.GetProperty("duration_minutes").GetInt32()));
        string[] expected =
        [
            $"{Format(first)} 09:00", $"{Format(first)} 09:45",
            $"{Format(first.AddDays(1))} 09:00", $"{Format(first.AddDays(1))} 09:45",
            $"{Format(first.AddDays(2))} 09:00", $"{Format(first.AddDays(2))} 09:45",
        ];
        Assert.Equal(expected, slots.Select(s => $"{s.GetProperty("date").GetString()} {s.GetProperty("time").GetString()}").Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(6, await Fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id", ("id", doctorId)));
    }

    [Fact]
    public async Task CreatingARangeOfAWeekOfSlotsCreatesAllOfThem()
    {
        var doctorId = (await Fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(50);

        using var response = await Http.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctorId,
            start_date = Format(first),
            end_date = Format(first.AddDays(6)),
            start_time = "08:00",
            end_time = "17:00",
            slot_minutes = 30,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(7 * 18, body.GetProperty("created").GetInt32());
        Assert.Equal(7 * 18, body.GetProperty("slots").GetArrayLength());
        Assert.Equal(7 * 18, await Fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id", ("id", doctorId)));
        using var list = await Http.GetAsync($"/api/slots?doctor_id={doctorId}&date={Format(first.AddDays(6))}");
        var lastDay = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.Equal(18, lastDay.Length);
        Assert.Equal("08:00", lastDay[0].GetProperty("time").GetString());
        Assert.Equal("16:30", lastDay[^1].GetProperty("time").GetString());
    }

    [Fact]
    public async Task GettingASlotReturnsItAndAHeldSlotReadsAsUnavailable()
    {
        var slot = (await Fixture.SlotsAsync(1))[0];
        var id = slot.GetProperty("id").GetGuid();

        using var response = await Http.GetAsync($"/api/slots/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertSlot(read);
        Assert.Equal(id, read.GetProperty("id").GetGuid());
        Assert.Equal(slot.GetProperty("doctor_id").GetGuid(), read.GetProperty("doctor_id").GetGuid());
        Assert.Equal(slot.GetProperty("date").GetString(), read.GetProperty("date").GetString());
        Assert.Equal("09:00", read.GetProperty("time").GetString());
        Assert.True(read.GetProperty("is_available").GetBoolean());

        await BookAsync(id);
        var held = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{id}");
        Assert.False(held.GetProperty("is_available").GetBoolean());
    }

    [Fact]
    public async Task ListingSlotsShowsOnlyAvailableSlotsUnlessIncludeIsAll()
    {
        var slots = await Fixture.SlotsAsync(3);
        var doctorId = slots[0].GetProperty("doctor_id").GetGuid();
        var ids = slots.Select(s => s.GetProperty("id").GetGuid()).ToArray();
        await BookAsync(ids[1]);

        using var available = await Http.GetAsync($"/api/slots?doctor_id={doctorId}");
        Assert.Equal(HttpStatusCode.OK, available.StatusCode);
        var listed = (await available.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.All(listed, AssertSlot);
        Assert.Equal([ids[0], ids[2]], listed.Select(s => s.GetProperty("id").GetGuid()).ToArray());
        Assert.All(listed, s => Assert.True(s.GetProperty("is_available").GetBoolean()));

        using var explicitAvailable = await Http.GetAsync($"/api/slots?doctor_id={doctorId}&include=available");
        Assert.Equal(HttpStatusCode.OK, explicitAvailable.StatusCode);
        Assert.Equal(2, (await explicitAvailable.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());

        using var all = await Http.GetAsync($"/api/slots?doctor_id={doctorId}&include=all");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var everything = (await all.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.Equal(ids, everything.Select(s => s.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal([true, false, true], everything.Select(s => s.GetProperty("is_available").GetBoolean()).ToArray());
    }

    [Fact]
    public async Task ListingSlotsFiltersByDoctorAndDate()
    {
        var doctorId = (await Fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var otherDoctorId = (await Fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var day1 = FutureDate(25);
        var day2 = FutureDate(26);
        await CreateSlotsAsync(doctorId, day1, "10:00", "11:00");
        await CreateSlotsAsync(doctorId, day2, "12:00");
        await CreateSlotsAsync(otherDoctorId, day1, "10:00");

        var byDoctor = await Http.GetFromJsonAsync<JsonElement>($"/api/slots?doctor_id={doctorId}");
        Assert.Equal([$"{day1} 10:00", $"{day1} 11:00", $"{day2} 12:00"], Describe(byDoctor));
        Assert.All(byDoctor.EnumerateArray(), s => Assert.Equal(doctorId, s.GetProperty("doctor_id").GetGuid()));

        var byDoctorAndDate = await Http.GetFromJsonAsync<JsonElement>($"/api/slots?doctor_id={doctorId}&date={day2}");
        Assert.Equal([$"{day2} 12:00"], Describe(byDoctorAndDate));

        var byDate = await Http.GetFromJsonAsync<JsonElement>($"/api/slots?date={day1}");
        var byDateDoctors = byDate.EnumerateArray().Select(s => s.GetProperty("doctor_id").GetGuid()).ToHashSet();
        Assert.Contains(doctorId, byDateDoctors);
        Assert.Contains(otherDoctorId, byDateDoctors);
        Assert.All(byDate.EnumerateArray(), s => Assert.Equal(day1, s.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task DeletingAFreeSlotReturnsNoContentAndThenNotFound()
    {
        var id = await Fixture.SlotAsync();

        using var delete = await Http.DeleteAsync($"/api/slots/{id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var get = await Http.GetAsync($"/api/slots/{id}");
        await AssertProblemAsync(get, HttpStatusCode.NotFound, "/problems/not-found");
        using var again = await Http.DeleteAsync($"/api/slots/{id}");
        await AssertProblemAsync(again, HttpStatusCode.NotFound, "/problems/not-found");
        Assert.Equal(0, await Fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task DeletingAHeldSlotReturnsConflictAndKeepsTheSlot()
    {
        var id = await Fixture.SlotAsync();
        await BookAsync(id);

        using var delete = await Http.DeleteAsync($"/api/slots/{id}");

        await AssertProblemAsync(delete, HttpStatusCode.Conflict, "/problems/has-active-appointment");
        Assert.Equal(1, await Fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = @id", ("id", id)));
        using var get = await Http.GetAsync($"/api/slots/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }
}
