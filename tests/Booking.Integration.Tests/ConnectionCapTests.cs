using Booking.Grains;
using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

/// <summary>A silo whose connection cap is the smallest allowed: its booking grains get two connections of their own.</summary>
public sealed class SmallPoolFixture : SystemFixture
{
    public const int MaxConnections = BookingOptions.OrleansConnections + 2;

    /// <summary>The grains' share of <see cref="MaxConnections"/>: what Orleans' providers leave.</summary>
    public const int GrainConnections = MaxConnections - BookingOptions.OrleansConnections;

    protected override TestSystemBuilder Build(TestSystemBuilder system) =>
        system.WithHold(TimeSpan.FromHours(1)).WithSetting("Booking:MaxConnections", MaxConnections);
}

public sealed class ConnectionCapTests(SmallPoolFixture fixture) : IClassFixture<SmallPoolFixture>
{
    [Fact]
    public async Task ASiloUnderLoadThatWantsManyMoreConnectionsThanItsCapNeverOpensMoreAndEveryWriteCompletes()
    {
        // 400 bookings at once, up to 16 transactions in turn at a time: far more than the grains' two connections.
        var slots = (await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.Data.SlotsAsync(40)))).SelectMany(s => s).ToList();
        using var stop = new CancellationTokenSource();
        long peakGrains = 0, peakAll = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakGrains = Math.Max(peakGrains, await fixture.Database.ScalarAsync(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'booking-grains'"));
                peakAll = Math.Max(peakAll, await fixture.Database.ScalarAsync(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'booking-%'"));
                await Task.Delay(10);
            }
        });

        var results = await Task.WhenAll(slots.Select((slot, i) => fixture.Client.GetGrain<ISlotGrain>(slot.Id).BookAsync(TestData.Patient(i))));
        await stop.CancelAsync();
        await sampler;

        Assert.All(results, r => Assert.Equal(BookingOutcome.Booked, r.Outcome));
        Assert.Equal(slots.Count, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE status = 'PENDING'"));

        // The load reached the grains' cap (a pooled connection stays open once opened, so the sampler sees it) and never
        // passed it; the whole silo stayed within Booking:MaxConnections.
        Assert.Equal(SmallPoolFixture.GrainConnections, peakGrains);
        Assert.InRange(peakAll, SmallPoolFixture.GrainConnections, SmallPoolFixture.MaxConnections);
    }
}
