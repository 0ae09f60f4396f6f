namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A database and a silo without the Api (<see cref="TestSystem"/>), for tests that call the grains: shared by the tests
/// of a collection. The silo runs on a <see cref="TestClock"/>: a test lets a hold lapse with <see cref="Lapse"/> instead
/// of waiting for it. Holds last <see cref="HoldSeconds"/> seconds, longer than any test takes on a busy machine, so that a
/// hold lapses only when a test says so; tests of the reminder and the sweep themselves, which must wait for real time,
/// use <see cref="ExpiryClusterFixture"/>.
/// </summary>
public class BookingClusterFixture : SystemFixture
{
    public const int HoldSeconds = 20;

    /// <summary>How long past its time a hold is left to its reminder before the expiry sweep (every half second here) takes it.</summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromSeconds(3);

    /// <summary>The silo's clock.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>The silo's services (its BookingDatabase, stores, options).</summary>
    public IServiceProvider Services => System.Services;

    /// <summary>Settings on top of the defaults, for a fixture of a collection of its own.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>How long holds last in this fixture's silo.</summary>
    protected virtual TimeSpan HoldDuration => TimeSpan.FromSeconds(HoldSeconds);

    protected override TestSystemBuilder Build(TestSystemBuilder system) => system
        .WithHold(HoldDuration)
        .WithExpirySweep(TimeSpan.FromMilliseconds(500), SweepGrace)
        .WithClock(Clock)
        .WithSettings(Settings);

    /// <summary>Moves the clock past <paramref name="expiresAt"/>: a hold that expires then has lapsed.</summary>
    public void Lapse(DateTimeOffset expiresAt) => Clock.Lapse(expiresAt);
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<BookingClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>
/// The cluster for tests of expiry in real time (the reminder, the sweep, what observers hear of them): holds of
/// <see cref="ShortHoldSeconds"/> seconds, and a clock that no test moves.
/// </summary>
public sealed class ExpiryClusterFixture : BookingClusterFixture
{
    public const int ShortHoldSeconds = 3;

    protected override TimeSpan HoldDuration => TimeSpan.FromSeconds(ShortHoldSeconds);
}

[CollectionDefinition(Name)]
public sealed class ExpiryCollection : ICollectionFixture<ExpiryClusterFixture>
{
    public const string Name = "cluster-expiry";
}
