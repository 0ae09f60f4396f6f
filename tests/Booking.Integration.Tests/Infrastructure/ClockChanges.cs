namespace Booking.Integration.Tests.Infrastructure;

/// <summary>The next clock changes of a time zone, so that DST tests always use dates in the future.</summary>
public static class ClockChanges
{
    /// <summary>
    /// The first date after today (within 400 days) on which the clocks of <paramref name="timeZone"/> go forward
    /// (<paramref name="forward"/>: some local times do not exist) or back (some exist twice), and the first such time.
    /// </summary>
    public static (DateOnly Date, TimeOnly Time) Next(string timeZone, bool forward)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var date = today.AddDays(1); date < today.AddDays(400); date = date.AddDays(1))
        {
            for (var minutes = 0; minutes < 24 * 60; minutes += 30)
            {
                var local = date.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minutes)));
                if (forward ? zone.IsInvalidTime(local) : zone.IsAmbiguousTime(local))
                {
                    return (date, TimeOnly.FromDateTime(local));
                }
            }
        }

        throw new InvalidOperationException($"{timeZone} has no clock change {(forward ? "forward" : "back")} within 400 days.");
    }
}
