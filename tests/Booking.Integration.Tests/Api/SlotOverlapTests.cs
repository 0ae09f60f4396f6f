using Booking.Grains;
using Booking.Integration.Tests.Infrastructure;
using Npgsql;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>A doctor is never in two places at once: slots carry their instants, and overlapping ones are refused.</summary>
[Collection(ApiCollection.Name)]
public sealed class SlotOverlapTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Guid> DoctorAsync(string timeZone = "UTC") => (await fixture.DoctorAsync(timeZone)).GetProperty("id").GetGuid();

    private async Task<JsonElement> CreatedSlotAsync(Guid doctorId, string date, string time, int minutes)
    {
        using var response = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, time, duration_minutes = minutes });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slots")[0];
    }

    private async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(type, problem.GetProperty("type").GetString());
        return problem;
    }

    private Task<long> SlotCountAsync(Guid doctorId) => fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @d", ("d", doctorId));

    [Fact]
    public async Task AnHourAtNineAndAHalfHourAtNineThirtyAreNotBothAcceptedAndTheAnswerNamesTheSlotInTheWay()
    {
        var doctorId = await DoctorAsync();
        var date = ApiFixture.FutureDate;
        var nine = await CreatedSlotAsync(doctorId, date, "09:00", 60);

        using var response = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, time = "09:30", duration_minutes = 30 });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "/problems/slot-overlap");
        var conflict = Assert.Single(problem.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(nine.GetProperty("id").GetGuid(), conflict.GetProperty("id").GetGuid());
        Assert.Equal(date, conflict.GetProperty("date").GetString());
        Assert.Equal("09:00", conflict.GetProperty("time").GetString());
        Assert.Equal(60, conflict.GetProperty("duration_minutes").GetInt32());
        Assert.Equal($"{date}T09:00:00.000Z", conflict.GetProperty("starts_at").GetString());
        Assert.Equal($"{date}T10:00:00.000Z", conflict.GetProperty("ends_at").GetString());
        Assert.Equal("09:30", Assert.Single(problem.GetProperty("rejected").EnumerateArray()).GetProperty("time").GetString());
        Assert.Equal(1, await SlotCountAsync(doctorId));
    }

    [Fact]
    public async Task ASlotThatOnlyTouchesAnotherOrBelongsToAnotherDoctorIsAccepted()
    {
        var doctorId = await DoctorAsync();
        var otherDoctorId = await DoctorAsync();
        var date = ApiFixture.FutureDate;
        await CreatedSlotAsync(doctorId, date, "09:00", 60);

        await CreatedSlotAsync(doctorId, date, "10:00", 30);
        await CreatedSlotAsync(doctorId, date, "08:30", 30);
        await CreatedSlotAsync(otherDoctorId, date, "09:30", 30);

        Assert.Equal(3, await SlotCountAsync(doctorId));
    }

    [Fact]
    public async Task ARangeThatMeetsExistingSlotsIsRefusedWholeNamingEveryConflict()
    {
        var doctorId = await DoctorAsync();
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        var early = await CreatedSlotAsync(doctorId, Day(first), "10:15", 30);
        var late = await CreatedSlotAsync(doctorId, Day(first.AddDays(1)), "14:15", 60);

        using var response = await Http.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctorId, start_date = Day(first), end_date = Day(first.AddDays(2)), start_time = "09:00", end_time = "17:00", slot_minutes = 30,
        });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "/problems/slot-overlap");
        Assert.Equal(
            [early.GetProperty("id").GetGuid(), late.GetProperty("id").GetGuid()],
            problem.GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal(
            [$"{Day(first)} 10:00", $"{Day(first)} 10:30", $"{Day(first.AddDays(1))} 14:00", $"{Day(first.AddDays(1))} 14:30", $"{Day(first.AddDays(1))} 15:00"],
            problem.GetProperty("rejected").EnumerateArray().Select(r => $"{r.GetProperty("date").GetString()} {r.GetProperty("time").GetString()}"));
        Assert.Equal(2, await SlotCountAsync(doctorId));
    }

    [Fact]
    public async Task TheSameTimeAgainIsStillADuplicateNotAnOverlap()
    {
        var doctorId = await DoctorAsync();
        await CreatedSlotAsync(doctorId, ApiFixture.FutureDate, "09:00", 30);

        using var response = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date = ApiFixture.FutureDate, time = "09:00", duration_minutes = 45 });

        await ProblemAsync(response, HttpStatusCode.Conflict, "/problems/duplicate-slot");
    }

    [Fact]
    public async Task TheDatabaseItselfRefusesAnOverlappingSlotWhoeverWritesIt()
    {
        var doctorId = await DoctorAsync();
        await CreatedSlotAsync(doctorId, ApiFixture.FutureDate, "09:00", 60);

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            fixture.Database.InsertSlotAsync(Guid.NewGuid(), doctorId, DateOnly.Parse(ApiFixture.FutureDate, CultureInfo.InvariantCulture), new TimeOnly(9, 45)));

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, refused.SqlState);
        Assert.Equal("slots_no_overlap", refused.ConstraintName);
    }

    [Fact]
    public async Task EverySlotHoldsItsStartAndEndAsInstantsOfTheDoctorsLocalTime()
    {
        var doctorId = await DoctorAsync("America/New_York");
        var slot = await CreatedSlotAsync(doctorId, ApiFixture.FutureDate, "09:00", 45);
        var date = DateOnly.Parse(ApiFixture.FutureDate, CultureInfo.InvariantCulture);
        var expected = Clock.ToInstant(date, new TimeOnly(9, 0), "America/New_York");

        var (startsAt, endsAt) = await InstantsAsync(slot.GetProperty("id").GetGuid());

        Assert.Equal(expected, startsAt);
        Assert.Equal(expected.AddMinutes(45), endsAt);
        Assert.True(expected.Offset < TimeSpan.Zero, "New York is behind UTC");
    }

    [Fact]
    public async Task ALocalTimeTheClocksSkipCannotBePublished()
    {
        var (date, skipped) = ClockChanges.Next("Europe/Berlin", forward: true);
        var doctorId = await DoctorAsync("Europe/Berlin");

        using var response = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date = Day(date), times = new[] { "01:00", skipped.ToString("HH:mm", CultureInfo.InvariantCulture) } });

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "/problems/nonexistent-local-time");
        Assert.Equal(skipped.ToString("HH:mm", CultureInfo.InvariantCulture), Assert.Single(problem.GetProperty("rejected").EnumerateArray()).GetProperty("time").GetString());
        Assert.Equal(0, await SlotCountAsync(doctorId));
    }

    [Fact]
    public async Task ChangingADoctorsTimeZoneMovesTheInstantsOfEverySlotAndKeepsTheirLocalTimes()
    {
        var doctor = await fixture.DoctorAsync("UTC");
        var doctorId = doctor.GetProperty("id").GetGuid();
        var date = DateOnly.Parse(ApiFixture.FutureDate, CultureInfo.InvariantCulture);
        var slot = await CreatedSlotAsync(doctorId, ApiFixture.FutureDate, "09:00", 30);

        using var response = await Http.PutAsJsonAsync($"/api/doctors/{doctorId}", new
        {
            name = doctor.GetProperty("name").GetString(), specialization = "Dermatology", email = doctor.GetProperty("email").GetString(),
            phone = "+44 20 7946 0000", time_zone = "Asia/Kolkata",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (startsAt, endsAt) = await InstantsAsync(slot.GetProperty("id").GetGuid());
        Assert.Equal(new DateTimeOffset(date.ToDateTime(new TimeOnly(3, 30)), TimeSpan.Zero), startsAt);
        Assert.Equal(startsAt.AddMinutes(30), endsAt);
        using var listed = await Http.GetAsync($"/api/slots/{slot.GetProperty("id").GetGuid()}");
        Assert.Equal("09:00", (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("time").GetString());
    }

    [Fact]
    public async Task AZoneChangeThatWouldMakeSlotsOverlapIsRefusedNamingThemAndChangesNothing()
    {
        // 02:30 does not exist on Berlin's spring-forward night: read with the winter offset it is 03:30 summer time,
        // exactly where the second slot is.
        var (date, skipped) = ClockChanges.Next("Europe/Berlin", forward: true);
        var doctor = await fixture.DoctorAsync("UTC");
        var doctorId = doctor.GetProperty("id").GetGuid();
        var inTheGap = await CreatedSlotAsync(doctorId, Day(date), skipped.ToString("HH:mm", CultureInfo.InvariantCulture), 30);
        var after = await CreatedSlotAsync(doctorId, Day(date), skipped.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture), 30);
        var before = await fixture.Database.SnapshotAsync();

        using var response = await Http.PutAsJsonAsync($"/api/doctors/{doctorId}", new
        {
            name = doctor.GetProperty("name").GetString(), specialization = "Dermatology", email = doctor.GetProperty("email").GetString(),
            phone = "+44 20 7946 0000", time_zone = "Europe/Berlin",
        });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "/problems/slot-overlap");
        Assert.Equal(
            new[] { inTheGap, after }.Select(s => s.GetProperty("id").GetGuid()).Order(),
            problem.GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).Order());
        Assert.Equal(before, await fixture.Database.SnapshotAsync());
        using var read = await Http.GetAsync($"/api/doctors/{doctorId}");
        Assert.Equal("UTC", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("time_zone").GetString());
    }

    private async Task<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)> InstantsAsync(Guid slotId)
    {
        await using var command = fixture.Database.DataSource.CreateCommand("SELECT starts_at, ends_at FROM slots WHERE id = @id");
        command.Parameters.AddWithValue("id", slotId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
    }
}
