namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// Real time plus however far a test has moved it forward: a silo given this clock lets a hold lapse the moment a test says
/// so, instead of the test sleeping until it does. Time keeps flowing between moves, so races around an instant still race;
/// timers and timestamps (<see cref="TimeProvider.GetTimestamp"/>) stay real.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/> if it is not already past it.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var gap = instant - GetUtcNow();
        if (gap > TimeSpan.Zero)
        {
            Advance(gap);
        }
    }

    /// <summary>Lets every hold that expires by <paramref name="expiresAt"/> lapse: the clock moves to a moment after it.</summary>
    public void Lapse(DateTimeOffset expiresAt) => AdvanceTo(expiresAt + TimeSpan.FromMilliseconds(100));
}
