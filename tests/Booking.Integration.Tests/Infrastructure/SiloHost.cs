using Booking.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Sockets;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A silo configured exactly as the Silo process configures itself (ADO.NET clustering, reminders and
/// storage in PostgreSQL, real TCP ports), hosted in the test process.
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SiloHost(IHost host, string clusterId, int gatewayPort)
    {
        _host = host;
        ClusterId = clusterId;
        GatewayPort = gatewayPort;
    }

    public string ClusterId { get; }

    public int GatewayPort { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<SiloHost> StartAsync(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var clusterId = $"test-{Guid.NewGuid():N}";
        var gatewayPort = FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Booking"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = clusterId,
            ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.UseOrleans(silo => silo.AddBookingClustering(builder.Configuration).AddBookingServices(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return new SiloHost(host, clusterId, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
