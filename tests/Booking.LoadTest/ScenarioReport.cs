using System.Text.Json.Serialization;

namespace Booking.LoadTest;

/// <summary>What one scenario measured and whether its checks passed.</summary>
public sealed record ScenarioReport
{
    public required string Scenario { get; init; }

    public required string Description { get; init; }

    public required int Concurrency { get; init; }

    public required int RequestsPlanned { get; init; }

    public required RunStatistics Statistics { get; init; }

    /// <summary>What <see cref="SuccessesPerSecond"/> counts ("bookings/s"), or null when every request counts alike.</summary>
    public string? SuccessLabel { get; init; }

    public double? SuccessesPerSecond { get; init; }

    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>The samples behind the figures, for the charts (not written to JSON).</summary>
    [JsonIgnore]
    public IReadOnlyList<Sample> Samples { get; init; } = [];
}

/// <summary>One of the engine's figures as a fraction of a ceiling, and the target the issue sets for it.</summary>
public sealed record Ratio(string Name, string Numerator, string Denominator, double? Value, double Target)
{
    public bool? Met => Value is { } v ? v >= Target : null;
}

/// <summary>The ratios the comparison reports. Pure.</summary>
public static class Comparison
{
    /// <summary>
    /// hot req/s ÷ HTTP ceiling (at hot's concurrency when measured, else the plain ceiling), spread bookings/s ÷ commit
    /// ceiling, read req/s ÷ HTTP ceiling. A ratio whose parts are missing has no value.
    /// </summary>
    public static IReadOnlyList<Ratio> Ratios(IReadOnlyList<ScenarioReport> reports)
    {
        ScenarioReport? Find(string name) => reports.FirstOrDefault(r => r.Scenario == name);
        var hot = Find("hot");
        var spread = Find("spread");
        var read = Find("read");
        var commit = Find("commit");
        var ceiling = Find("ceiling");
        var hotCeiling = hot is null ? ceiling : reports.FirstOrDefault(r => r.Scenario.StartsWith("ceiling", StringComparison.Ordinal) && r.Concurrency == hot.Concurrency) ?? ceiling;
        var readCeiling = read is null ? ceiling : reports.FirstOrDefault(r => r.Scenario.StartsWith("ceiling", StringComparison.Ordinal) && r.Concurrency == read.Concurrency) ?? ceiling;
        return
        [
            new Ratio("hot / HTTP ceiling", "hot req/s", $"{hotCeiling?.Scenario ?? "ceiling"} req/s",
                Divide(hot?.Statistics.RequestsPerSecond, hotCeiling?.Statistics.RequestsPerSecond), 0.5),
            new Ratio("spread / commit ceiling", "spread bookings/s", "commit bookings/s",
                Divide(spread?.SuccessesPerSecond, commit?.SuccessesPerSecond), 0.6),
            new Ratio("read / HTTP ceiling", "read req/s", $"{readCeiling?.Scenario ?? "ceiling"} req/s",
                Divide(read?.Statistics.RequestsPerSecond, readCeiling?.Statistics.RequestsPerSecond), 0.5),
        ];
    }

    private static double? Divide(double? numerator, double? denominator) =>
        numerator is { } n && denominator is { } d && d > 0 ? n / d : null;
}
