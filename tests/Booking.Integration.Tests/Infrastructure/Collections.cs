namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// The tests that start the built Silo and Api as processes (or run.sh): one at a time, after the in-process collections
/// (which run in parallel, each on a database of its own), so that their timing-sensitive faults do not share the machine
/// with other tests. They carry <see cref="Tier.Process"/>, which <c>./test.sh --fast</c> leaves out.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "processes";
}

/// <summary>
/// Tests that read process-wide telemetry (every meter and span listener of the test process sees every in-process silo's
/// and Api's measurements): one at a time, after the parallel collections have stopped their silos.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "observability";
}

/// <summary>The <c>Tier</c> trait: <c>[Trait(Tier.Name, Tier.Process)]</c> marks a test that starts processes.</summary>
public static class Tier
{
    public const string Name = "Tier";

    /// <summary>Starts the built Silo or Api as a process, or run.sh: left out by <c>./test.sh --fast</c> (filter <c>Tier!=Process</c>).</summary>
    public const string Process = "Process";
}
