using Booking.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Observability;

/// <summary>The Orleans Dashboard behind the Api, and the expiry counter, on the shared Api fixture (3-second holds).</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class DashboardAndExpiryTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheDashboardIsServedAtSlashDashboardAndListsTheSiloAsActive()
    {
        using var page = await fixture.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        // The dashboard's data endpoint fills in after its first collection (every second).
        var deadline = DateTime.UtcNow + Patience;
        JsonElement silo;
        while (true)
        {
            using var counters = await fixture.Http.GetAsync("/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            var hosts = (await counters.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hosts").EnumerateArray().ToList();
            if (hosts.Count > 0)
            {
                silo = Assert.Single(hosts);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The dashboard listed no silo within {Patience}.");
            await Task.Delay(250);
        }

        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.Equal(fixture.Silo.GatewayPort, silo.GetProperty("proxyPort").GetInt32());

        // By default (Telemetry:Dashboard) the silo runs the dashboard's collector and its grain call filter.
        var parts = DashboardSwitchTests.DashboardParts(fixture.Silo.Services);
        Assert.Contains("DashboardHost", parts);
        Assert.Contains("GrainProfilerFilter", parts);
    }

    [Fact]
    public async Task TheDashboardIsHiddenFromClientsOnOtherMachines()
    {
        // The same Api, seen from another address: the dashboard is not there, the API is.
        await using var remote = fixture.Api.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new FromAddress(IPAddress.Parse("203.0.113.9")))));
        using var http = ContractChecked.Client(remote);

        using var dashboard = await http.GetAsync("/dashboard/");
        using var counters = await http.GetAsync("/dashboard/DashboardCounters");
        using var doctors = await http.GetAsync("/api/doctors");

        Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, counters.StatusCode);
        Assert.Equal(HttpStatusCode.OK, doctors.StatusCode);
    }

    /// <summary>Makes every request look as if it came from <paramref name="address"/>.</summary>
    private sealed class FromAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                context.Connection.RemoteIpAddress = address;
                return inner(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task AHoldExpiredByItsReminderIsCountedOnTheSilosMetrics()
    {
        using var silo = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Silo.HttpPort}") };
        var before = Prometheus.Sum(await Prometheus.ScrapeAsync(silo, "/metrics"), "booking_holds_expired_total");
        var slot = await fixture.SlotAsync();
        using var booked = await fixture.Http.PostAsJsonAsync("/api/appointments/book", new
        {
            slot_id = slot,
            patient_name = "Pat Expiry",
            patient_email = "expiry@example.com",
            patient_phone = "+1 555 0100",
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var deadline = DateTime.UtcNow + Patience;
        while (await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND status = 'EXPIRED'", ("id", id)) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The hold was not expired by its reminder within {Patience}.");
            await Task.Delay(250);
        }

        var after = Prometheus.Sum(await Prometheus.ScrapeAsync(silo, "/metrics"), "booking_holds_expired_total");
        Assert.True(after - before >= 1, $"booking_holds_expired_total went from {before} to {after}.");
    }
}
