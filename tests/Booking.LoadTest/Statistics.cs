using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Booking.LoadTest;

/// <summary>
/// One measured request: which operation, when it started (seconds after the measured phase began), how long
/// it took, and its HTTP status (0: no answer; <see cref="Error"/> says why).
/// </summary>
public readonly record struct Sample(string Operation, double StartSeconds, long LatencyMicros, int Status, string? Error = null)
{
    public bool IsServerError => Status >= 500;

    public bool IsTransportError => Status == 0;
}

/// <summary>Collects samples from many concurrent workers.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    private int _completed;

    /// <summary>Operations finished so far (for the progress bar).</summary>
    public int Completed => Volatile.Read(ref _completed);

    public IReadOnlyList<Sample> Samples => [.. _samples];

    public long Now() => Stopwatch.GetTimestamp();

    public void Record(string operation, long startTimestamp, int status, string? error = null)
    {
        var latency = Stopwatch.GetElapsedTime(startTimestamp);
        var start = Stopwatch.GetElapsedTime(_origin, startTimestamp);
        _samples.Enqueue(new Sample(operation, start.TotalSeconds, (long)latency.TotalMicroseconds, status, error));
    }

    public void OperationDone() => Interlocked.Increment(ref _completed);
}

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double Max, double Mean)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0);
}

/// <summary>The figures of a measured phase: counts, statuses, throughput and latency (HdrHistogram, 3 significant digits).</summary>
public sealed record RunStatistics(
    int Requests,
    IReadOnlyDictionary<string, int> Statuses,
    int ServerErrors,
    int TransportErrors,
    IReadOnlyDictionary<string, int> ErrorKinds,
    double ElapsedSeconds,
    double RequestsPerSecond,
    LatencySummary Latency)
{
    /// <summary>Latencies above this (one hour) are clamped into the histogram's top bucket.</summary>
    public const long HighestTrackableMicros = 3_600_000_000;

    /// <summary>
    /// Summarises <paramref name="samples"/> over a phase that lasted <paramref name="elapsed"/>. Statuses are
    /// keyed by code ("201", "409"; "error" for no answer), prefixed by the operation when there are several
    /// ("book 201", "confirm 200").
    /// </summary>
    public static RunStatistics From(IReadOnlyCollection<Sample> samples, TimeSpan elapsed)
    {
        var severalOperations = samples.Select(s => s.Operation).Distinct().Skip(1).Any();
        var statuses = samples
            .GroupBy(s => StatusKey(s, severalOperations))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var errorKinds = samples.Where(s => s.Error is not null)
            .GroupBy(s => s.Error!)
            .ToDictionary(g => g.Key, g => g.Count());
        var seconds = elapsed.TotalSeconds;
        return new RunStatistics(
            samples.Count,
            statuses,
            samples.Count(s => s.IsServerError),
            samples.Count(s => s.IsTransportError),
            errorKinds,
            seconds,
            seconds > 0 ? samples.Count / seconds : 0,
            Percentiles(samples.Select(s => s.LatencyMicros)));
    }

    /// <summary>How many of <paramref name="samples"/> match, per second of <paramref name="elapsed"/> (e.g. bookings/s).</summary>
    public static double Rate(IEnumerable<Sample> samples, Func<Sample, bool> predicate, TimeSpan elapsed) =>
        elapsed > TimeSpan.Zero ? samples.Count(predicate) / elapsed.TotalSeconds : 0;

    /// <summary>p50, p90, p99, max and mean of latencies given in microseconds, reported in milliseconds.</summary>
    public static LatencySummary Percentiles(IEnumerable<long> latencyMicros)
    {
        var histogram = new LongHistogram(HighestTrackableMicros, 3);
        var any = false;
        foreach (var micros in latencyMicros)
        {
            histogram.RecordValue(Math.Clamp(micros, 0, HighestTrackableMicros));
            any = true;
        }

        if (!any)
        {
            return LatencySummary.Empty;
        }

        return new LatencySummary(
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetMaxValue()),
            histogram.GetMean() / 1000.0);

        static double Ms(long micros) => micros / 1000.0;
    }

    private static string StatusKey(Sample sample, bool withOperation)
    {
        var code = sample.Status == 0 ? "error" : sample.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return withOperation ? $"{sample.Operation} {code}" : code;
    }
}

/// <summary>Series for the charts, computed without drawing anything.</summary>
public static class ChartData
{
    /// <summary>One time bucket of the latency-over-time chart.</summary>
    public sealed record Bucket(double StartSeconds, int Count, double P50Ms, double P99Ms);

    /// <summary>Splits the phase into buckets of <paramref name="bucketSeconds"/> by request start and gives each its p50 and p99.</summary>
    public static IReadOnlyList<Bucket> OverTime(IReadOnlyCollection<Sample> samples, double bucketSeconds)
    {
        if (samples.Count == 0 || bucketSeconds <= 0)
        {
            return [];
        }

        return samples
            .GroupBy(s => (long)Math.Floor(s.StartSeconds / bucketSeconds))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var latency = RunStatistics.Percentiles(g.Select(s => s.LatencyMicros));
                return new Bucket(g.Key * bucketSeconds, g.Count(), latency.P50, latency.P99);
            })
            .ToList();
    }

    /// <summary>A bucket width giving about <paramref name="buckets"/> buckets over <paramref name="elapsedSeconds"/>, at least 10 ms.</summary>
    public static double BucketSeconds(double elapsedSeconds, int buckets = 60) => Math.Max(0.01, elapsedSeconds / buckets);

    /// <summary>
    /// A histogram of latencies in milliseconds: <paramref name="bins"/> equal bins from 0 to the p99.9 latency
    /// (so that a few outliers do not squash it); the last bin also counts everything above.
    /// </summary>
    public static (double[] BinStartsMs, double[] Counts, double BinWidthMs) Histogram(IReadOnlyCollection<Sample> samples, int bins)
    {
        if (samples.Count == 0 || bins < 1)
        {
            return ([], [], 0);
        }

        var sorted = samples.Select(s => s.LatencyMicros / 1000.0).Order().ToArray();
        var top = sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.999) - 1)];
        var width = Math.Max(top / bins, 0.001);
        var counts = new double[bins];
        foreach (var ms in sorted)
        {
            counts[Math.Min(bins - 1, (int)(ms / width))]++;
        }

        return (Enumerable.Range(0, bins).Select(i => i * width).ToArray(), counts, width);
    }
}
