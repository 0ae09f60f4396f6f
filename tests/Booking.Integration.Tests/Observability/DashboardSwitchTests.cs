using Booking.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Net;

namespace Booking.Integration.Tests.Observability;

/// <summary>
/// <c>Telemetry:Dashboard=false</c> on the Api and the silo: no dashboard at <c>/dashboard</c>, nothing of it in the silo (no
/// counter collection each second, no profiling filter in front of grain calls), and bookings as usual.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class DashboardSwitchTests
{
    private const string Off = "false";

    [Fact]
    public async Task WithTheDashboardSwitchedOffNothingOfItRunsAndBookingsDo()
    {
        await using var system = await TestSystem.Create()
            .WithSetting("Telemetry:Dashboard", Off)
            .WithApi(new Dictionary<string, string> { ["Telemetry:Dashboard"] = Off })
            .StartAsync();

        using (var page = await system.Http.GetAsync("/dashboard/"))
        using (var counters = await system.Http.GetAsync("/dashboard/DashboardCounters"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, counters.StatusCode);
        }

        Assert.Empty(DashboardParts(system.Services));
        var slotId = (await system.Admin.SlotIdsAsync(1))[0];
        var booked = await system.Patients.BookedAsync(slotId);
        Assert.Equal(1, await system.Database.ActiveAppointmentsAsync(slotId));
        Assert.Equal(booked.Id.ToString(), await system.Database.TextAsync("SELECT id::text FROM appointments WHERE slot_id = @slot", ("slot", slotId)));
    }

    /// <summary>The dashboard's services a silo runs: its hosted service and its grain call filter, among others.</summary>
    internal static IReadOnlyList<string> DashboardParts(IServiceProvider silo)
    {
        var dashboard = typeof(Orleans.Dashboard.DashboardOptions).Assembly;
        return
        [
            .. silo.GetServices<IHostedService>().Concat<object>(silo.GetServices<IIncomingGrainCallFilter>())
                .Where(service => service.GetType().Assembly == dashboard)
                .Select(service => service.GetType().Name),
        ];
    }
}
