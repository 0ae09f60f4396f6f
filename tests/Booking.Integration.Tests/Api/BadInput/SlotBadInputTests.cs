using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>Bad input to the slot endpoints: impossible dates and times, bad shapes and ranges, slots in the past, duplicates.</summary>
[Collection(BadInputCollection.Name)]
public sealed class SlotBadInputTests(QuietApiFixture fixture) : BadInputTestBase(fixture)
{
    [Theory]
    [InlineData("{\"doctor_id\":42,\"date\":\"2030-01-01\",\"time\":\"09:00\"}", "doctor_id")]
    [InlineData("{\"doctor_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"date\":\"2030-01-01\",\"times\":\"09:00\"}", "times")]
    [InlineData("{\"doctor_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"date\":\"2030-01-01\",\"time\":\"09:00\",\"duration_minutes\":\"thirty\"}", "duration_minutes")]
    [InlineData("{\"doctor_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"start_date\":\"2030-01-01\",\"end_date\":\"2030-01-02\",\"start_time\":\"09:00\",\"end_time\":\"10:00\",\"slot_minutes\":false}", "slot_minutes")]
    public async Task AWrongTypeInASlotRequestReturnsBadRequestNamingTheField(string body, string field)
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/slots", body), HttpStatusCode.BadRequest, MalformedJson);
        AssertFieldErrors(problem, field);
    }

    [Fact]
    public async Task AnEmptySlotObjectNamesTheDoctorAndTheMissingShape()
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/slots", "{}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "doctor_id", "slots");
    }

    [Fact]
    public async Task ASlotWithoutADoctorNamesDoctorId()
    {
        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { date = FutureDate(10), time = "09:00" }), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "doctor_id");
    }

    [Fact]
    public async Task CreatingSlotsForAnUnknownDoctorReturnsNotFound()
    {
        await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = Guid.NewGuid(), date = FutureDate(10), time = "09:00" }), HttpStatusCode.NotFound, NotFound);
    }

    [Theory]
    [InlineData("2025-02-30", "09:00", "date")]
    [InlineData("2025-13-01", "09:00", "date")]
    [InlineData("2030-1-5", "09:00", "date")]
    [InlineData("05/01/2030", "09:00", "date")]
    [InlineData("2030-01-01T09:00:00Z", "09:00", "date")]
    [InlineData("2030-01-01", "25:61", "time")]
    [InlineData("2030-01-01", "24:00", "time")]
    [InlineData("2030-01-01", "9am", "time")]
    [InlineData("2030-01-01", "09:00:00", "time")]
    [InlineData("2030-01-01", "9:5", "time")]
    public async Task AnImpossibleSlotDateOrTimeIsNamed(string date, string time, string field)
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date, time }), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }

    [Fact]
    public async Task AnImpossibleTimeInAListIsNamedByItsIndex()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), times = new[] { "09:00", "25:61", "10:00" } }),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "times[1]");
    }

    [Fact]
    public async Task ImpossibleRangeDatesAndTimesAreNamed()
    {
        var doctorId = await DoctorIdAsync();
        var body = new { doctor_id = doctorId, start_date = "2025-02-30", end_date = "2025-02-31", start_time = "25:61", end_time = "99:99", slot_minutes = 30 };

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "start_date", "end_date", "start_time", "end_time");
    }

    [Fact]
    public async Task CreatingASlotInThePastReturnsUnprocessable()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(-2), times = new[] { "09:00", "10:00" } }),
            HttpStatusCode.UnprocessableEntity,
            "/problems/slot-in-past");

        Assert.Equal(2, problem.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task CreatingAnExistingSlotReturnsConflictWithDuplicateSlotTypeAndCreatesNoneOfTheBatch()
    {
        var slot = (await Fixture.SlotsAsync(1))[0];
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        var date = slot.GetProperty("date").GetString();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date, times = new[] { "08:00", "09:00", "10:00" } }),
            HttpStatusCode.Conflict,
            "/problems/duplicate-slot");

        var rejected = Assert.Single(problem.GetProperty("rejected").EnumerateArray());
        Assert.Equal(date, rejected.GetProperty("date").GetString());
        Assert.Equal("09:00", rejected.GetProperty("time").GetString());
    }

    [Fact]
    public async Task RepeatingATimeInOneRequestIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), times = new[] { "09:00", "09:00" } }),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "times");
    }

    [Fact]
    public async Task ARangeLongerThanTheLimitIsRefusedNamingEndDate()
    {
        var doctorId = await DoctorIdAsync();
        var body = Range(doctorId, FutureDate(10), FutureDate(10 + 62), "09:00", "10:00", 30);

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "end_date");
    }

    [Fact]
    public async Task ARangeMakingTooManySlotsIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        // 60 days of 5-minute slots all day long: far more than one request may create.
        var body = Range(doctorId, FutureDate(10), FutureDate(69), "00:00", "23:55", 5);

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slots");
    }

    [Fact]
    public async Task AnInvertedDateRangeIsRefusedNamingEndDate()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", Range(doctorId, FutureDate(20), FutureDate(10), "09:00", "12:00", 30)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "end_date");
    }

    [Theory]
    [InlineData("12:00", "09:00")]
    [InlineData("09:00", "09:00")]
    public async Task AnInvertedOrEmptyTimeRangeIsRefusedNamingEndTime(string start, string end)
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", Range(doctorId, FutureDate(10), FutureDate(11), start, end, 30)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "end_time");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    [InlineData(-30)]
    [InlineData(481)]
    public async Task ASlotLengthOutOfRangeIsNamed(int minutes)
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", Range(doctorId, FutureDate(10), FutureDate(11), "09:00", "17:00", minutes)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slot_minutes");
    }

    [Fact]
    public async Task ASlotLongerThanTheDailyWindowIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", Range(doctorId, FutureDate(10), FutureDate(11), "09:00", "09:30", 45)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slot_minutes");
    }

    [Fact]
    public async Task ADurationOutOfRangeForSingleSlotsIsNamed()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), time = "09:00", duration_minutes = 1000 }),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "duration_minutes");
    }

    [Fact]
    public async Task MixingASingleSlotWithARangeIsRefused()
    {
        var doctorId = await DoctorIdAsync();
        var body = new { doctor_id = doctorId, date = FutureDate(10), time = "09:00", start_date = FutureDate(10), end_date = FutureDate(11), start_time = "09:00", end_time = "10:00" };

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slots");
    }

    [Fact]
    public async Task GivingBothTimeAndTimesIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), time = "09:00", times = new[] { "10:00" } }),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "time");
    }

    [Fact]
    public async Task AnEmptyOrOversizedListOfTimesIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var empty = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), times = Array.Empty<string>() }), HttpStatusCode.BadRequest, Validation);
        AssertFieldErrors(empty, "times");

        var many = Enumerable.Range(0, 501).Select(i => new TimeOnly(0, 0).AddMinutes(i).ToString("HH:mm", CultureInfo.InvariantCulture)).ToArray();
        var oversized = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), times = many }), HttpStatusCode.BadRequest, Validation);
        AssertFieldErrors(oversized, "times");
    }

    [Fact]
    public async Task ADateWithoutTimeIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10) }), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "time");
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("ALL")]
    [InlineData("")]
    public async Task AnUnknownIncludeOnSlotListingIsRefused(string include)
    {
        var problem = await AssertRefusedAsync(() => Http.GetAsync($"/api/slots?include={include}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "include");
    }
}
