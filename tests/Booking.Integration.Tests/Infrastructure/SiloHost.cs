using Booking.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A silo configured exactly as the Silo process configures itself (ADO.NET clustering, reminders and
/// storage in PostgreSQL, real TCP ports), hosted in the test process.
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    private readonly WebApplication _host;

    private SiloHost(WebApplication host, string clusterId, int gatewayPort, int httpPort)
    {
        _host = host;
        ClusterId = clusterId;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
    }

    public string ClusterId { get; }

    public int GatewayPort { get; }

    /// <summary>The port of the silo's own HTTP endpoint (/metrics, /health/*).</summary>
    public int HttpPort { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>The silo's clock when a test gave it one (<see cref="TestSystemBuilder.WithClock"/>), else null.</summary>
    public TestClock? Clock => Services.GetService(typeof(TimeProvider)) as TestClock;

    /// <param name="connectionString">The booking database.</param>
    /// <param name="settings">Configuration on top of the test defaults.</param>
    /// <param name="configure">Anything else, e.g. a logger provider that captures the silo's logs.</param>
    public static async Task<SiloHost> StartAsync(string connectionString, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var clusterId = $"test-{Guid.NewGuid():N}";
        var gatewayPort = Ports.Free();
        var httpPort = Ports.Free();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Booking"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = clusterId,
            ["Orleans:SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.UseOrleans(silo => silo.AddBookingClustering(builder.Configuration).AddBookingServices(builder.Configuration));
        builder.AddBookingSiloTelemetry();
        configure?.Invoke(builder);
        var host = builder.Build();
        host.MapBookingSiloEndpoints();
        await host.StartAsync();
        return new SiloHost(host, clusterId, gatewayPort, httpPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }
}
