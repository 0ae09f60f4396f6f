using Booking.Grains;

namespace Booking.Unit.Tests;

public sealed class ClockTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void AUtcTimeIsThatInstant()
    {
        var instant = Clock.ToInstant(new DateOnly(2030, 5, 6), new TimeOnly(9, 30), "UTC");

        Assert.Equal(Utc(2030, 5, 6, 9, 30), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Fact]
    public void BerlinInWinterIsOneHourAheadOfUtc()
    {
        var instant = Clock.ToInstant(new DateOnly(2026, 1, 15), new TimeOnly(10, 0), "Europe/Berlin");

        Assert.Equal(TimeSpan.FromHours(1), instant.Offset);
        Assert.Equal(Utc(2026, 1, 15, 9, 0), instant);
        Assert.Equal(new DateTime(2026, 1, 15, 10, 0, 0), instant.DateTime);
    }

    [Fact]
    public void BerlinInSummerIsTwoHoursAheadOfUtc()
    {
        var instant = Clock.ToInstant(new DateOnly(2026, 7, 15), new TimeOnly(10, 0), "Europe/Berlin");

        Assert.Equal(TimeSpan.FromHours(2), instant.Offset);
        Assert.Equal(Utc(2026, 7, 15, 8, 0), instant);
        Assert.Equal(new DateTime(2026, 7, 15, 10, 0, 0), instant.DateTime);
    }

    [Theory]
    [InlineData("America/New_York", 2026, 1, 15, 9, 0, 14, 0)]
    [InlineData("America/New_York", 2026, 7, 15, 9, 0, 13, 0)]
    [InlineData("Asia/Kolkata", 2026, 7, 15, 9, 0, 3, 30)]
    [InlineData("Asia/Tokyo", 2026, 1, 15, 9, 0, 0, 0)]
    public void ALocalTimeIsShiftedByItsZonesOffset(string zone, int year, int month, int day, int hour, int minute, int utcHour, int utcMinute)
    {
        var instant = Clock.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute), zone);

        Assert.Equal(Utc(year, month, day, utcHour, utcMinute), instant);
    }

    [Theory]
    [InlineData(2, 0, 1, 0)]
    [InlineData(2, 30, 1, 30)]
    [InlineData(2, 59, 1, 59)]
    public void ATimeSkippedBySpringForwardIsReadWithTheOffsetBeforeTheJump(int hour, int minute, int utcHour, int utcMinute)
    {
        // Berlin, 2026-03-29: at 02:00 CET (01:00 UTC) clocks jump to 03:00 CEST; 02:30 is read as 02:30 CET.
        var instant = Clock.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(hour, minute), "Europe/Berlin");

        Assert.Equal(Utc(2026, 3, 29, utcHour, utcMinute), instant);
        Assert.Equal(TimeSpan.FromHours(2), instant.Offset);
        Assert.Equal(new DateTime(2026, 3, 29, hour + 1, minute, 0), instant.DateTime);
    }

    [Fact]
    public void TheTimesAroundTheSpringForwardJumpKeepTheirOffsets()
    {
        var date = new DateOnly(2026, 3, 29);

        var before = Clock.ToInstant(date, new TimeOnly(1, 59), "Europe/Berlin");
        var after = Clock.ToInstant(date, new TimeOnly(3, 0), "Europe/Berlin");

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 59, 0, TimeSpan.FromHours(1)), before);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), after);
        Assert.Equal(TimeSpan.FromMinutes(1), after - before);
    }

    [Fact]
    public void ATimeSkippedInNewYorkIsReadWithTheOffsetBeforeTheJump()
    {
        // New York, 2026-03-08: at 02:00 EST (07:00 UTC) clocks jump to 03:00 EDT; 02:30 EST is 07:30 UTC.
        var instant = Clock.ToInstant(new DateOnly(2026, 3, 8), new TimeOnly(2, 30), "America/New_York");

        Assert.Equal(Utc(2026, 3, 8, 7, 30), instant);
        Assert.Equal(TimeSpan.FromHours(-4), instant.Offset);
    }

    [Fact]
    public void ATimeSkippedByAHalfHourJumpIsReadWithTheOffsetBeforeTheJump()
    {
        // Lord Howe Island, 2026-10-04: at 02:00 (+10:30, 15:30 UTC the day before) clocks jump to 02:30 (+11:00).
        var instant = Clock.ToInstant(new DateOnly(2026, 10, 4), new TimeOnly(2, 15), "Australia/Lord_Howe");

        Assert.Equal(Utc(2026, 10, 3, 15, 45), instant);
        Assert.Equal(TimeSpan.FromHours(11), instant.Offset);
    }

    [Theory]
    [InlineData("Europe/Berlin", 2026, 10, 25, 2, 30, "2026-10-25T01:30:00Z")]
    [InlineData("America/New_York", 2026, 11, 1, 1, 30, "2026-11-01T06:30:00Z")]
    [InlineData("Australia/Lord_Howe", 2026, 4, 5, 1, 45, "2026-04-04T15:15:00Z")]
    public void ATimeRepeatedByFallBackIsTheLaterOfItsTwoInstants(string zone, int year, int month, int day, int hour, int minute, string utc)
    {
        // Berlin 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET): the second one.
        var instant = Clock.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute), zone);

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(new DateTime(year, month, day, hour, minute, 0), instant.DateTime);
    }

    [Theory]
    [InlineData("Europe/Berlin", 2026, 3, 29, 2, 30, false)]
    [InlineData("Europe/Berlin", 2026, 3, 29, 3, 0, true)]
    [InlineData("Europe/Berlin", 2026, 3, 29, 1, 59, true)]
    [InlineData("Europe/Berlin", 2026, 10, 25, 2, 30, true)]
    [InlineData("America/New_York", 2026, 3, 8, 2, 0, false)]
    [InlineData("UTC", 2026, 3, 29, 2, 30, true)]
    public void OnlyTheTimesTheClocksSkipDoNotExist(string zone, int year, int month, int day, int hour, int minute, bool exists)
    {
        Assert.Equal(exists, Clock.Exists(new DateOnly(year, month, day), new TimeOnly(hour, minute), zone));
    }

    [Fact]
    public void AnUnknownTimeZoneIsAnError()
    {
        Assert.Throws<TimeZoneNotFoundException>(() => Clock.ToInstant(new DateOnly(2030, 1, 1), new TimeOnly(9, 0), "Mars/Olympus_Mons"));
    }
}
