using Booking.Integration.Tests.Infrastructure;
using Booking.Integration.Tests.Observability;
using Xunit.Abstractions;

namespace Booking.Integration.Tests.EndToEnd;

/// <summary>
/// An operator adds a silo to a running system with <c>./run.sh --join</c> (Silo/README.md, "Run N silos, add one,
/// drain one"): the real script, the built silo and Api, a real database.
/// </summary>
[Trait(Tier.Name, Tier.Process)]
[Collection(ProcessCollection.Name)]
public sealed class JoinTests(ITestOutputHelper output)
{
    private const int Active = 3;
    private const string ActiveSilos = "SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = @active";

    [Fact]
    public async Task ASiloAddedWithRunShJoinTakesOverWhenTheFirstIsDrainedAndStopsWithRunSh()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Holds outlast the test however slow the machine, so every booking is still PENDING at the end.
        await using var run = await RunScript.StartAsync(database.ConnectionString, silos: 1, new Dictionary<string, string>
        {
            ["Booking__HoldDuration"] = TimeSpan.FromMinutes(30).ToString(),
        });
        await using var joined = await run.JoinAsync();
        Assert.Equal(2, await ActiveAsync(database, run));
        var slots = await BookingLoad.CreateSlotsAsync(run.Http, 20);

        // Drain run.sh's own silo: the joined one is then the whole cluster, and run.sh keeps the system up for it.
        await ManagedProcess.SendTermAsync(run.SiloPids[0]);

        await run.Process.WaitForOutputAsync("only the 1 silo(s) added with --join are left; they keep serving", TimeSpan.FromSeconds(60));
        Assert.Equal(1, await ActiveAsync(database, run));

        // Every booking now goes through the joined silo: the Api found it in the membership table. A 503 while the Api
        // still reaches for the drained gateway is retried, as BookingLoad's clients do.
        var load = new BookingLoad([run.Http], slots, retryTransportErrors: true);
        for (var i = 0; i < slots.Length; i++)
        {
            await load.BookAsync(run.Http, slots[i], Guid.NewGuid().ToString("N"), i);
        }

        Assert.Empty(load.Failures);
        Assert.Equal(slots.Length, load.Booked.Count());

        using var silo = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{joined.HttpPort}") };
        var won = Prometheus.Sum(await Prometheus.ScrapeAsync(silo, "/metrics"), "booking_attempts_total", ("outcome", "won"));
        Assert.Equal(slots.Length, won);

        // Ctrl-C's path for run.sh (SIGTERM): it stops the joined silo too, which leaves the cluster gracefully.
        Assert.Equal(0, await run.Process.TerminateAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains("stopping 1 silo(s) added with --join", run.Process.Output, StringComparison.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5); // run.sh waited for it; its exit reaches this process just after
        while (!joined.Process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(joined.Process.HasExited, $"The joined silo still runs after run.sh stopped.\n{run.Process.Output}");
        Assert.Equal(0, joined.Process.ExitCode);
        Assert.Equal(0, await ActiveAsync(database, run));
        Assert.Equal(slots.Length, await database.ScalarAsync("SELECT count(*) FROM appointments WHERE status = 'PENDING'"));
        output.WriteLine($"run.sh --join: the joined silo committed {won} of {slots.Length} bookings after the first silo was drained; {load.Summary()}");
    }

    private static Task<long> ActiveAsync(TestDatabase database, RunScript run) =>
        database.ScalarAsync(ActiveSilos, ("cluster", run.ClusterId), ("active", Active));
}
