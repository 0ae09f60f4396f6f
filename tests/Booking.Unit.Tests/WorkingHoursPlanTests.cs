using Booking.Grains;
using Booking.Grains.Interfaces;

namespace Booking.Unit.Tests;

/// <summary>Working hours turned into slots, around Berlin's clock changes of 2027 (28 March forward, 31 October back).</summary>
public sealed class WorkingHoursPlanTests
{
    private const string Berlin = "Europe/Berlin";
    private static readonly DateOnly _springForward = new(2027, 3, 28);
    private static readonly DateOnly _fallBack = new(2027, 10, 31);

    private static WorkingHours Rules(int slotMinutes = 30, int bufferMinutes = 0, IReadOnlyList<WorkingDayException>? exceptions = null, params WeeklyPeriod[] weekly) =>
        new(slotMinutes, bufferMinutes, weekly, exceptions ?? []);

    private static WeeklyPeriod Weekly(DayOfWeek day, string start, string end) => new(day, TimeOnly.Parse(start), TimeOnly.Parse(end));

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Times(IEnumerable<PlannedSlot> slots) => slots.Select(s => s.Time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static void AssertNoTwoOverlap(IReadOnlyList<PlannedSlot> slots)
    {
        var ordered = slots.OrderBy(s => s.StartsAt).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].StartsAt >= ordered[i - 1].EndsAt, $"{ordered[i - 1].Date} {ordered[i - 1].Time} overlaps {ordered[i].Date} {ordered[i].Time}");
        }
    }

    [Fact]
    public void AWeeklyNineToFiveStaysNineToFiveLocalAcrossTheClockChange()
    {
        var rules = Rules(weekly: [Weekly(DayOfWeek.Friday, "09:00", "17:00"), Weekly(DayOfWeek.Monday, "09:00", "17:00")]);

        var plan = WorkingHoursPlan.Generate(rules, Berlin, new DateOnly(2027, 3, 26), new DateOnly(2027, 3, 29));

        var before = plan.Where(s => s.Date == new DateOnly(2027, 3, 26)).ToList();
        var after = plan.Where(s => s.Date == new DateOnly(2027, 3, 29)).ToList();
        Assert.Equal(16, before.Count);
        Assert.Equal(Times(before), Times(after));
        Assert.Equal("09:00", Times(after)[0]);
        Assert.Equal("16:30", Times(after)[^1]);
        // The same local times, one hour apart as instants: CET before, CEST after.
        Assert.Equal(Utc("2027-03-26T08:00:00Z"), before[0].StartsAt);
        Assert.Equal(Utc("2027-03-29T07:00:00Z"), after[0].StartsAt);
        Assert.DoesNotContain(plan, s => s.Date is { DayOfWeek: DayOfWeek.Saturday or DayOfWeek.Sunday });
    }

    [Fact]
    public void ALocalTimeTheClocksSkipMakesNoSlot()
    {
        var plan = WorkingHoursPlan.Generate(Rules(weekly: Weekly(DayOfWeek.Sunday, "01:00", "04:00")), Berlin, _springForward, _springForward);

        Assert.Equal(["01:00", "01:30", "03:00", "03:30"], Times(plan));
        Assert.Equal(
            [Utc("2027-03-28T00:00:00Z"), Utc("2027-03-28T00:30:00Z"), Utc("2027-03-28T01:00:00Z"), Utc("2027-03-28T01:30:00Z")],
            plan.Select(s => s.StartsAt));
        AssertNoTwoOverlap(plan);
    }

    [Fact]
    public void ALocalTimeTheClocksRepeatMakesOneSlot()
    {
        var plan = WorkingHoursPlan.Generate(Rules(weekly: Weekly(DayOfWeek.Sunday, "01:00", "04:00")), Berlin, _fallBack, _fallBack);

        Assert.Equal(["01:00", "01:30", "02:00", "02:30", "03:00", "03:30"], Times(plan));
        Assert.Equal(plan.Count, plan.Select(s => s.Time).Distinct().Count());
        // 02:00 and 02:30 happen twice; each slot is the later one (CET), after 01:30 CEST has ended.
        Assert.Equal(Utc("2027-10-31T01:00:00Z"), plan.Single(s => s.Time == new TimeOnly(2, 0)).StartsAt);
        Assert.Equal(Utc("2027-10-31T01:30:00Z"), plan.Single(s => s.Time == new TimeOnly(2, 30)).StartsAt);
        AssertNoTwoOverlap(plan);
    }

    [Fact]
    public void ASlotThatTheJumpWouldStretchIntoTheNextOneIsNotMade()
    {
        // 50-minute slots from 01:40: the first ends at 03:30 CEST (the lost hour is inside it), 02:30 does not
        // exist, and 03:20 would start before the first one ended.
        var plan = WorkingHoursPlan.Generate(Rules(slotMinutes: 50, weekly: Weekly(DayOfWeek.Sunday, "01:40", "05:00")), Berlin, _springForward, _springForward);

        Assert.Equal(["01:40", "04:10"], Times(plan));
        AssertNoTwoOverlap(plan);
    }

    [Fact]
    public void TheBufferSeparatesSlotsAndEverySlotEndsByItsPeriodsEnd()
    {
        var rules = Rules(slotMinutes: 45, bufferMinutes: 15, weekly: [Weekly(DayOfWeek.Tuesday, "09:00", "12:00"), Weekly(DayOfWeek.Tuesday, "13:00", "14:30")]);

        var plan = WorkingHoursPlan.Generate(rules, "UTC", new DateOnly(2030, 5, 7), new DateOnly(2030, 5, 7));

        Assert.Equal(["09:00", "10:00", "11:00", "13:00"], Times(plan));
        Assert.All(plan, s => Assert.Equal(45, s.DurationMinutes));
    }

    [Fact]
    public void AnExceptionReplacesItsDatesHoursAndADayOffMakesNothing()
    {
        var exceptions = new List<WorkingDayException>
        {
            new(new DateOnly(2030, 5, 6), [], "Holiday"),
            new(new DateOnly(2030, 5, 7), [new TimePeriod(new TimeOnly(14, 0), new TimeOnly(15, 0))], "Afternoon only"),
            new(new DateOnly(2030, 5, 11), [new TimePeriod(new TimeOnly(10, 0), new TimeOnly(11, 0))], "Saturday clinic"),
        };
        var rules = Rules(exceptions: exceptions, weekly: [Weekly(DayOfWeek.Monday, "09:00", "10:00"), Weekly(DayOfWeek.Tuesday, "09:00", "10:00"), Weekly(DayOfWeek.Wednesday, "09:00", "10:00")]);

        var plan = WorkingHoursPlan.Generate(rules, "UTC", new DateOnly(2030, 5, 6), new DateOnly(2030, 5, 12));

        Assert.Equal(
            [(new DateOnly(2030, 5, 7), "14:00"), (new DateOnly(2030, 5, 7), "14:30"), (new DateOnly(2030, 5, 8), "09:00"), (new DateOnly(2030, 5, 8), "09:30"),
             (new DateOnly(2030, 5, 11), "10:00"), (new DateOnly(2030, 5, 11), "10:30")],
            plan.Select(s => (s.Date, s.Time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static ExistingSlot Existing(string time, bool generated, bool booked = false, int minutes = 30, DateOnly? date = null)
    {
        var day = date ?? new DateOnly(2030, 5, 7);
        var starts = Clock.ToInstant(day, TimeOnly.Parse(time), "UTC");
        return new ExistingSlot(Guid.NewGuid(), day, TimeOnly.Parse(time), minutes, starts, starts.AddMinutes(minutes), generated,
            booked ? Guid.NewGuid() : null, null, starts.AddDays(-10));
    }

    [Fact]
    public void AChangeDeletesOnlyFreeGeneratedSlotsThatNoLongerFitAndMakesRoomAroundTheRest()
    {
        var now = Utc("2030-05-01T00:00:00Z");
        var plan = WorkingHoursPlan.Generate(Rules(weekly: Weekly(DayOfWeek.Tuesday, "09:00", "11:00")), "UTC", new DateOnly(2030, 5, 7), new DateOnly(2030, 5, 7));
        var fits = Existing("09:00", generated: true);
        var freeOutside = Existing("15:00", generated: true);
        var bookedOutside = Existing("16:00", generated: true, booked: true);
        var bookedInTheWay = Existing("09:45", generated: true, booked: true, minutes: 30);
        var handMade = Existing("10:30", generated: false);
        var handMadeOutside = Existing("18:00", generated: false);
        IReadOnlyList<ExistingSlot> existing = [fits, freeOutside, bookedOutside, bookedInTheWay, handMade, handMadeOutside];

        Assert.Equal([freeOutside], WorkingHoursPlan.Obsolete(plan, existing, now));

        var staying = existing.Where(s => s != freeOutside).ToList();
        // 09:00 exists; 09:30 and 10:00 would overlap the booked 09:45; 10:30 is the hand-made one.
        Assert.Empty(WorkingHoursPlan.Missing(plan, staying, now));
        Assert.Equal([bookedInTheWay, bookedOutside], WorkingHoursPlan.Unfit(plan, staying, now));
    }

    [Fact]
    public void APreviewMarksThePlannedSlotsThatASlotWhichStaysIsInTheWayOf()
    {
        var now = Utc("2030-05-01T00:00:00Z");
        var plan = WorkingHoursPlan.Generate(Rules(weekly: Weekly(DayOfWeek.Tuesday, "09:00", "11:00")), "UTC", new DateOnly(2030, 5, 7), new DateOnly(2030, 5, 7));
        IReadOnlyList<ExistingSlot> existing =
        [
            Existing("09:00", generated: true),                              // already made: not blocked
            Existing("09:45", generated: true, booked: true),                // booked across 09:30 and 10:00
            Existing("10:30", generated: false),                             // made by hand at a planned time and length
            Existing("10:00", generated: true, minutes: 45, date: new DateOnly(2030, 5, 8)), // another day: no effect
        ];

        Assert.Equal(["09:30", "10:00"], Times(WorkingHoursPlan.Blocked(plan, existing, now)));

        // A free generated slot that no longer fits is deleted by the save, so it blocks nothing.
        Assert.Empty(WorkingHoursPlan.Blocked(plan, [Existing("09:15", generated: true)], now));
    }

    [Fact]
    public void TheFirstApplicationMakesEveryPlannedSlotThatIsStillAhead()
    {
        var plan = WorkingHoursPlan.Generate(Rules(weekly: Weekly(DayOfWeek.Tuesday, "09:00", "11:00")), "UTC", new DateOnly(2030, 5, 7), new DateOnly(2030, 5, 7));

        var missing = WorkingHoursPlan.Missing(plan, [], Utc("2030-05-07T09:45:00Z"));

        Assert.Equal(["10:00", "10:30"], Times(missing));
    }

    [Fact]
    public void AHoldThatHasLapsedNoLongerKeepsAGeneratedSlotThatDoesNotFit()
    {
        var now = Utc("2030-05-01T00:00:00Z");
        var starts = Utc("2030-05-07T15:00:00Z");
        var lapsed = new ExistingSlot(Guid.NewGuid(), new DateOnly(2030, 5, 7), new TimeOnly(15, 0), 30, starts, starts.AddMinutes(30), true,
            Guid.NewGuid(), now.AddMinutes(-1), now.AddDays(-1));

        Assert.Equal([lapsed], WorkingHoursPlan.Obsolete([], [lapsed], now));
        Assert.Empty(WorkingHoursPlan.Unfit([], [lapsed], now));
    }
}
