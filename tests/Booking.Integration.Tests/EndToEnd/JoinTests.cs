using Booking.Integration.Tests.Infrastructure;
using Booking.Integration.Tests.Observability;
using System.Net;
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

    [Fact]
    public async Task ASiloAddedWithRunShJoinTakesBookingsAndCtrlCDrainsItWhileTheRestServes()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var run = await RunScript.StartAsync(database.ConnectionString, silos: 1, new Dictionary<string, string>());
        await using var joined = await run.JoinAsync();
        const string ActiveSilos = "SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = @active";
        Assert.Equal(2, await database.ScalarAsync(ActiveSilos, ("cluster", run.ClusterId), ("active", Active)));

        // Fresh slots, each a new grain: Orleans places them across the cluster, so the new silo books some of them.
        using var silo = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{joined.HttpPort}") };
        using (var ready = await silo.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var slots = await BookingLoad.CreateSlotsAsync(run.Http, 60);
        for (var i = 0; i < slots.Length - 1; i++)
        {
            await BookAsync(run.Http, slots[i], i);
        }

        var bookedThere = Prometheus.Sum(await Prometheus.ScrapeAsync(silo, "/metrics"), "booking_attempts_total", ("outcome", "won"));
        output.WriteLine($"run.sh --join: {bookedThere} of {slots.Length - 1} bookings committed by the joined silo");
        Assert.True(bookedThere > 0, $"The joined silo committed none of {slots.Length - 1} bookings.\n{joined.Process.Output}");

        // Ctrl-C in its terminal (SIGTERM): it leaves the cluster gracefully, and the system goes on booking without it.
        Assert.Equal(0, await joined.Process.TerminateAsync(TimeSpan.FromSeconds(90)));
        Assert.Equal(1, await database.ScalarAsync(ActiveSilos, ("cluster", run.ClusterId), ("active", Active)));
        await BookAsync(run.Http, slots[^1], slots.Length);
        Assert.Equal(slots.Length, await database.ScalarAsync("SELECT count(*) FROM appointments WHERE status = 'PENDING'"));
    }

    private static async Task BookAsync(HttpClient http, Guid slot, int patient)
    {
        using var request = BookingLoad.BookRequest(slot, Guid.NewGuid().ToString("N"), patient);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Booking slot {slot} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
