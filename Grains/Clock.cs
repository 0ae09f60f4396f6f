namespace Booking.Grains;

/// <summary>
/// Turns a doctor's local calendar times into instants: the project's one conversion. Every slot's
/// <c>starts_at</c> is computed here, and PostgreSQL's <c>(date + time) AT TIME ZONE zone</c> follows the
/// same two rules for the clock changes (migration 0012 backfills with it; a test holds the two together):
/// <list type="bullet">
/// <item>A local time that does not exist (skipped when the clocks go forward) is read with the UTC offset
/// in force just before the jump, so it lands as far after the jump as it lies after the jump's start
/// (Berlin, 2026-03-29: 02:30 is 01:30 UTC, which is 03:30 CEST).</item>
/// <item>A local time that exists twice (when the clocks go back) is the later of its two instants, the
/// one after the change (Berlin, 2026-10-25: 02:30 is 01:30 UTC, in CET).</item>
/// </list>
/// Working hours never make a slot at a time that does not exist (see <see cref="Exists"/>), and the
/// Api refuses to publish one by hand; the rule above is for rows written before, or kept across a
/// change of the doctor's time zone.
/// </summary>
public static class Clock
{
    // Clock changes are whole minutes in every zone since 1970 and last at most a few hours.
    private static readonly TimeSpan _step = TimeSpan.FromMinutes(1);
    private const int MaxGapSteps = 48 * 60;

    /// <summary>The instant of <paramref name="date"/> at <paramref name="time"/> in the IANA zone <paramref name="timeZone"/>.</summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            var before = local;
            for (var i = 0; i < MaxGapSteps && zone.IsInvalidTime(before); i++)
            {
                before -= _step;
            }

            offset = zone.GetUtcOffset(before);
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Min();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        // Shown with the offset really in force at that instant (after a jump: the new one).
        var utc = new DateTimeOffset(DateTime.SpecifyKind(local - offset, DateTimeKind.Utc));
        return TimeZoneInfo.ConvertTime(utc, zone);
    }

    /// <summary>False for a local time the clocks skip on that date in that zone (the hour lost when they go forward).</summary>
    public static bool Exists(DateOnly date, TimeOnly time, string timeZone) =>
        !TimeZoneInfo.FindSystemTimeZoneById(timeZone).IsInvalidTime(date.ToDateTime(time, DateTimeKind.Unspecified));

    /// <summary>The local date of <paramref name="instant"/> in <paramref name="timeZone"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);
}
