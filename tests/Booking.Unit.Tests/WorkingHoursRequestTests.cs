using Booking.Api.Contracts;
using Booking.Grains.Interfaces;

namespace Booking.Unit.Tests;

public sealed class WorkingHoursRequestTests
{
    private static readonly DateOnly _today = new(2030, 5, 6);

    private readonly FieldErrors _errors = new();

    private static WeeklyPeriodRequest Weekly(string? day, string? start, string? end) => new(day, start, end);

    private static WorkingDayExceptionRequest Exception(string? date, string? note = null, params PeriodRequest?[] periods) => new(date, periods, note);

    private Dictionary<string, string[]> Refused(WorkingHoursRequest request)
    {
        Assert.Null(request.Validate(_errors, _today));
        return _errors.ToDictionary();
    }

    [Fact]
    public void AWeekWithExceptionsIsValidAndDefaultsToThirtyMinuteSlotsWithoutABuffer()
    {
        var request = new WorkingHoursRequest(
            Weekly: [Weekly("monday", "09:00", "12:00"), Weekly("monday", "12:00", "17:00"), Weekly("friday", "08:30", "12:30")],
            Exceptions: [Exception("2030-12-25", "Christmas"), Exception("2030-12-24", null, new PeriodRequest("09:00", "12:00"))]);

        var rules = request.Validate(_errors, _today);

        Assert.Empty(_errors.ToDictionary());
        Assert.NotNull(rules);
        Assert.Equal(30, rules.SlotMinutes);
        Assert.Equal(0, rules.BufferMinutes);
        Assert.Equal(
            [new WeeklyPeriod(DayOfWeek.Monday, new(9, 0), new(12, 0)), new WeeklyPeriod(DayOfWeek.Monday, new(12, 0), new(17, 0)), new WeeklyPeriod(DayOfWeek.Friday, new(8, 30), new(12, 30))],
            rules.Weekly);
        Assert.Equal("Christmas", rules.Exceptions[0].Note);
        Assert.Empty(rules.Exceptions[0].Periods);
        Assert.Equal([new TimePeriod(new(9, 0), new(12, 0))], rules.Exceptions[1].Periods);
    }

    [Fact]
    public void OverlappingPeriodsOfOneDayAreRefusedNamingBoth()
    {
        var errors = Refused(new WorkingHoursRequest(Weekly: [Weekly("tuesday", "09:00", "12:00"), Weekly("wednesday", "10:00", "11:00"), Weekly("tuesday", "11:30", "13:00")]));

        Assert.Equal(["weekly[2]"], errors.Keys);
        Assert.Contains("overlaps weekly[0] (09:00-12:00)", errors["weekly[2]"][0]);
    }

    [Fact]
    public void APeriodThatEndsBeforeItStartsOrHoldsNoSlotIsRefused()
    {
        var errors = Refused(new WorkingHoursRequest(SlotMinutes: 45, Weekly: [Weekly("monday", "12:00", "09:00"), Weekly("tuesday", "09:00", "09:30"), Weekly("wednesday", "09:00", "09:00")]));

        Assert.Equal(["weekly[0].end_time", "weekly[1].end_time", "weekly[2].end_time"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("after start_time", errors["weekly[0].end_time"][0]);
        Assert.Contains("no slot", errors["weekly[1].end_time"][0]);
    }

    [Theory]
    [InlineData(4, 0, "slot_minutes")]
    [InlineData(481, 0, "slot_minutes")]
    [InlineData(30, -1, "buffer_minutes")]
    [InlineData(30, 241, "buffer_minutes")]
    public void SlotLengthAndBufferHaveBounds(int slotMinutes, int bufferMinutes, string field)
    {
        var errors = Refused(new WorkingHoursRequest(slotMinutes, bufferMinutes, [Weekly("monday", "09:00", "17:00")]));

        Assert.Equal([field], errors.Keys);
    }

    [Theory]
    [InlineData("Monday")]
    [InlineData("mon")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void AWeekdayIsItsEnglishNameInLowerCase(string? day)
    {
        var errors = Refused(new WorkingHoursRequest(Weekly: [Weekly(day, "09:00", "17:00")]));

        Assert.Equal(["weekly[0].weekday"], errors.Keys);
    }

    [Fact]
    public void ExceptionDatesMustBeRealUniqueAndNeitherLongPastNorTooFarAhead()
    {
        var errors = Refused(new WorkingHoursRequest(Exceptions:
        [
            Exception("2030-02-30"),
            Exception("2030-05-04"),
            Exception("2032-06-01"),
            Exception("2030-07-01"),
            Exception("2030-07-01", "again"),
            null,
        ]));

        Assert.Equal(
            ["exceptions[0].date", "exceptions[1].date", "exceptions[2].date", "exceptions[4].date", "exceptions[5]"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("second time", errors["exceptions[4].date"][0]);
    }

    [Fact]
    public void AnExceptionsPeriodsFollowTheSameRules()
    {
        var errors = Refused(new WorkingHoursRequest(Exceptions:
        [
            Exception("2030-07-01", null, new PeriodRequest("09:00", "11:00"), new PeriodRequest("10:30", "12:00"), new PeriodRequest("25:00", "26:00"), null),
        ]));

        Assert.Equal(
            ["exceptions[0].periods[1]", "exceptions[0].periods[2].end_time", "exceptions[0].periods[2].start_time", "exceptions[0].periods[3]"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NoWeeklyPeriodsAndNoExceptionsAreValidAndMakeNothing()
    {
        var rules = new WorkingHoursRequest().Validate(_errors, _today);

        Assert.NotNull(rules);
        Assert.True(rules.IsEmpty);
    }
}
