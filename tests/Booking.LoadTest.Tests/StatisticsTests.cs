using Booking.LoadTest;

namespace Booking.LoadTest.Tests;

public class StatisticsTests
{
    private static Sample Ok(long latencyMicros, int status = 200, string operation = "get", double start = 0) =>
        new(operation, start, latencyMicros, status);

    [Fact]
    public void PercentilesOfOneToAThousandMillisecondsAreTheMatchingRanks()
    {
        // 1..1000 ms, one request each: p50 is 500 ms, p90 900 ms, p99 990 ms, max 1000 ms (HdrHistogram keeps 3 digits).
        var latency = RunStatistics.Percentiles(Enumerable.Range(1, 1000).Select(ms => ms * 1000L));

        Assert.Equal(500, latency.P50, 0.5);
        Assert.Equal(900, latency.P90, 0.5);
        Assert.Equal(990, latency.P99, 1.0);
        Assert.Equal(1000, latency.Max, 1.0);
        Assert.Equal(500.5, latency.Mean, 0.5);
    }

    [Fact]
    public void OneSlowRequestInAHundredShowsInTheMaxButNotTheMedian()
    {
        var latencies = Enumerable.Repeat(2_000L, 99).Append(3_000_000L);

        var latency = RunStatistics.Percentiles(latencies);

        Assert.Equal(2, latency.P50, 0.01);
        Assert.Equal(2, latency.P99, 0.01);
        Assert.Equal(3000, latency.Max, 3.0);
    }

    [Fact]
    public void NoSamplesGiveZeroLatencyAndZeroThroughput()
    {
        var statistics = RunStatistics.From([], TimeSpan.FromSeconds(1));

        Assert.Equal(0, statistics.Requests);
        Assert.Equal(0, statistics.RequestsPerSecond);
        Assert.Equal(LatencySummary.Empty, statistics.Latency);
    }

    [Fact]
    public void ThroughputIsRequestsDividedByTheElapsedSeconds()
    {
        var samples = Enumerable.Range(0, 500).Select(_ => Ok(1000)).ToList();

        var statistics = RunStatistics.From(samples, TimeSpan.FromMilliseconds(2500));

        Assert.Equal(200, statistics.RequestsPerSecond, 0.001);
        Assert.Equal(2.5, statistics.ElapsedSeconds, 0.001);
    }

    [Fact]
    public void ThroughputOfAZeroLengthPhaseIsZeroNotInfinity()
    {
        var statistics = RunStatistics.From([Ok(1000)], TimeSpan.Zero);

        Assert.Equal(0, statistics.RequestsPerSecond);
    }

    [Fact]
    public void RateCountsOnlyTheMatchingSamples()
    {
        var samples = new[] { Ok(1, 201), Ok(1, 409), Ok(1, 409), Ok(1, 201) };

        Assert.Equal(1, RunStatistics.Rate(samples, s => s.Status == 201, TimeSpan.FromSeconds(2)), 0.001);
    }

    [Fact]
    public void StatusHistogramCountsEachCodeAndCallsNoAnswerError()
    {
        var samples = new[] { Ok(1, 201), Ok(1, 409), Ok(1, 409), Ok(1, 503), new Sample("get", 0, 1, 0, "time-out (30 s)") };

        var statistics = RunStatistics.From(samples, TimeSpan.FromSeconds(1));

        Assert.Equal(new Dictionary<string, int> { ["201"] = 1, ["409"] = 2, ["503"] = 1, ["error"] = 1 }, statistics.Statuses);
        Assert.Equal(1, statistics.ServerErrors);
        Assert.Equal(1, statistics.TransportErrors);
        Assert.Equal(1, statistics.ErrorKinds["time-out (30 s)"]);
    }

    [Fact]
    public void StatusHistogramNamesTheOperationWhenARunHasSeveral()
    {
        var samples = new[] { Ok(1, 201, "book"), Ok(1, 200, "confirm"), Ok(1, 201, "book") };

        var statistics = RunStatistics.From(samples, TimeSpan.FromSeconds(1));

        Assert.Equal(new Dictionary<string, int> { ["book 201"] = 2, ["confirm 200"] = 1 }, statistics.Statuses);
    }

    [Fact]
    public void LatencyOverTimeGroupsRequestsByTheirStartIntoBuckets()
    {
        var samples = new[] { Ok(1000, start: 0.1), Ok(3000, start: 0.9), Ok(10_000, start: 1.5) };

        var buckets = ChartData.OverTime(samples, 1.0);

        Assert.Equal(2, buckets.Count);
        Assert.Equal((0.0, 2), (buckets[0].StartSeconds, buckets[0].Count));
        Assert.Equal((1.0, 1), (buckets[1].StartSeconds, buckets[1].Count));
        Assert.Equal(10, buckets[1].P99Ms, 0.05);
    }

    [Fact]
    public void HistogramBinsEveryRequestOnceAndPutsOutliersInTheLastBin()
    {
        var samples = Enumerable.Range(1, 999).Select(ms => Ok(ms * 1000L)).Append(Ok(60_000_000)).ToList();

        var (starts, counts, width) = ChartData.Histogram(samples, 10);

        Assert.Equal(10, starts.Length);
        Assert.Equal(1000, counts.Sum());
        Assert.True(width < 1000, $"the bins should end near p99.9 (999 ms), not at the 60 s outlier; width {width}");
        Assert.True(counts[^1] >= 2, "the outlier is counted in the last bin");
    }
}
