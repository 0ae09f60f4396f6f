namespace Booking.Grains;

/// <summary>Turns a doctor's local calendar times into instants.</summary>
public static class Clock
{
    /// <summary>
    /// The instant of <paramref name="date"/> at <paramref name="time"/> in the IANA zone <paramref name="timeZone"/>.
    /// A local time skipped by a daylight-saving jump is taken as the instant the clocks jumped to.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
