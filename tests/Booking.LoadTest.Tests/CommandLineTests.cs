using Booking.LoadTest;

namespace Booking.LoadTest.Tests;

public class CommandLineTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.1.2.3:8080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void ALoopbackUrlIsAccepted(string url)
    {
        var options = CommandLine.Parse(["hot", "--url", url], out var error);

        Assert.Null(error);
        Assert.Equal(new Uri(url), options!.BaseUrl);
    }

    [Theory]
    [InlineData("http://10.0.0.5:5080")]
    [InlineData("http://example.com")]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://localhost.example.com:5080")]
    public void ARemoteUrlIsRefusedWithoutAllowRemote(string url)
    {
        var options = CommandLine.Parse(["hot", "--url", url], out var error);

        Assert.Null(options);
        Assert.Contains("not loopback", error);
    }

    [Fact]
    public void ARemoteUrlIsAcceptedWithAllowRemote()
    {
        var options = CommandLine.Parse(["read", "--url", "http://10.0.0.5:5080", "--allow-remote"], out var error);

        Assert.Null(error);
        Assert.True(options!.AllowRemote);
    }

    [Fact]
    public void ARemoteDatabaseIsRefusedWithoutAllowRemote()
    {
        var options = CommandLine.Parse(["commit", "--db", "Host=db.example.com;Database=booking;Username=u;Password=p"], out var error);

        Assert.Null(options);
        Assert.Contains("db.example.com", error);
    }

    [Fact]
    public void ALoopbackDatabaseIsAccepted()
    {
        var options = CommandLine.Parse(["commit", "--db", "Host=127.0.0.1;Port=55432;Database=booking;Username=booking;Password=booking"], out var error);

        Assert.Null(error);
        Assert.NotNull(options!.Database);
    }

    [Fact]
    public void CommitWithoutADatabaseIsRefused()
    {
        Assert.Null(CommandLine.Parse(["commit"], out var error));
        Assert.Contains("--db", error);
    }

    [Fact]
    public void DefaultsFollowTheScenario()
    {
        var hot = CommandLine.Parse(["hot"], out _)!;
        var read = CommandLine.Parse(["read"], out _)!;

        Assert.Equal((2000, 200), (hot.RequestsFor(Scenario.Hot), hot.ConcurrencyFor(Scenario.Hot)));
        Assert.Equal((20000, 64), (read.RequestsFor(Scenario.Read), read.ConcurrencyFor(Scenario.Read)));
        Assert.Equal(TimeSpan.FromSeconds(120), hot.DurationLimit);
        Assert.Equal(new Uri(LoadOptions.DefaultUrl), hot.BaseUrl);
    }

    [Fact]
    public void OptionsOverrideTheDefaults()
    {
        var options = CommandLine.Parse(["spread", "--requests=500", "--concurrency", "8", "--duration-limit", "30", "--warmup", "0", "--out", "x"], out var error);

        Assert.Null(error);
        Assert.Equal((500, 8, 0, "x"), (options!.RequestsFor(Scenario.Spread), options.ConcurrencyFor(Scenario.Spread), options.WarmupRequests, options.OutDirectory));
        Assert.Equal(TimeSpan.FromSeconds(30), options.DurationLimit);
    }

    [Fact]
    public void TheSpikeDefaultsToTwentyThousandAttemptsAtFiveHundredOnTwoThousandSlots()
    {
        var spike = CommandLine.Parse(["spike"], out var error);

        Assert.Null(error);
        Assert.Equal(Scenario.Spike, spike!.Scenario);
        Assert.Equal((20000, 500, 2000), (spike.RequestsFor(Scenario.Spike), spike.ConcurrencyFor(Scenario.Spike), spike.SpikeSlots));
    }

    [Fact]
    public void TheSpikeTakesItsSlotCount()
    {
        var spike = CommandLine.Parse(["spike", "--requests", "4000", "--slots", "4000", "--concurrency", "1000"], out var error);

        Assert.Null(error);
        Assert.Equal((4000, 1000, 4000), (spike!.RequestsFor(Scenario.Spike), spike.ConcurrencyFor(Scenario.Spike), spike.SpikeSlots));
        Assert.Equal(10, CommandLine.Parse(["spike", "--slots=10"], out _)!.SpikeSlots);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100001")]
    [InlineData("many")]
    public void ABadSlotCountIsRefused(string slots)
    {
        Assert.Null(CommandLine.Parse(["spike", "--slots", slots], out var error));
        Assert.Contains("--slots", error);
    }

    [Fact]
    public void TheHelpNamesTheSpikeAndItsSlots()
    {
        Assert.Contains("spike      N booking attempts", CommandLine.Help);
        Assert.Contains("--slots N", CommandLine.Help);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("1")]
    public void AnUnknownScenarioIsRefused(string scenario)
    {
        Assert.Null(CommandLine.Parse([scenario], out var error));
        Assert.Contains("unknown scenario", error);
    }

    [Theory]
    [InlineData("--requests", "0")]
    [InlineData("--concurrency", "-1")]
    [InlineData("--duration-limit", "abc")]
    [InlineData("--bogus", "1")]
    public void ABadOptionIsRefused(string name, string value)
    {
        Assert.Null(CommandLine.Parse(["hot", name, value], out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TheLifecycleMixIsFourConfirmedThreeCancelledThreeLeftInTen()
    {
        var actions = Enumerable.Range(0, 10).Select(Scenarios.LifecycleAction).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(new Dictionary<string, int> { ["confirm"] = 4, ["cancel"] = 3, ["leave"] = 3 }, actions);
    }

    [Fact]
    public void RatiosDivideTheEngineByItsCeilingsAndJudgeTheTargets()
    {
        static ScenarioReport Report(string name, int concurrency, double requestsPerSecond, double? bookingsPerSecond = null) => new()
        {
            Scenario = name,
            Description = name,
            Concurrency = concurrency,
            RequestsPlanned = 1,
            Statistics = new RunStatistics(1, new Dictionary<string, int>(), 0, 0, new Dictionary<string, int>(), 1, requestsPerSecond, LatencySummary.Empty),
            SuccessesPerSecond = bookingsPerSecond,
        };

        var ratios = Comparison.Ratios(
        [
            Report("ceiling", 64, 4000),
            Report("ceiling-c200", 200, 5000),
            Report("commit", 64, 1000, 1000),
            Report("hot", 200, 2000),
            Report("spread", 64, 700, 700),
            Report("read", 64, 1000),
        ]);

        Assert.Equal(0.4, ratios[0].Value!.Value, 3); // hot against the ceiling at its own concurrency (200)
        Assert.False(ratios[0].Met);
        Assert.Equal(0.7, ratios[1].Value!.Value, 3);
        Assert.True(ratios[1].Met);
        Assert.Equal(0.25, ratios[2].Value!.Value, 3);
        Assert.Null(Comparison.Ratios([Report("hot", 200, 2000)])[0].Value);
    }

    [Fact]
    public void TheDatabasePasswordIsNeverWrittenIntoTheResults()
    {
        var redacted = RunInfo.RedactPassword("Host=127.0.0.1;Port=55432;Username=booking;Password=s3cret;Database=booking");

        Assert.DoesNotContain("s3cret", redacted);
        Assert.Contains("Password=***", redacted);
        Assert.Contains("Database=booking", redacted);
    }
}
