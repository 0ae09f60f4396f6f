using Booking.Grains;
using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ConnectionCapTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task ASiloNeverOpensMoreConnectionsThanItsCapUnderLoad()
    {
        var slots = (await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.Data.SlotsAsync(40)))).SelectMany(s => s).ToList();
        using var stop = new CancellationTokenSource();
        var peak = 0L;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, await fixture.Database.ScalarAsync(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'booking-%'"));
                await Task.Delay(20);
            }
        });

        var results = await Task.WhenAll(slots.Select((slot, i) => fixture.Client.GetGrain<ISlotGrain>(slot.Id).BookAsync(TestData.Patient(i))));
        await stop.CancelAsync();
        await sampler;

        Assert.All(results, r => Assert.Equal(BookingOutcome.Booked, r.Outcome));
        Assert.InRange(peak, 1, new BookingOptions().MaxConnections);
    }
}
