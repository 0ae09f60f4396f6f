using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Net;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>The real Api, hosted in the test process, connected as an Orleans client to a silo's gateway.</summary>
/// <remarks>Configured with <see cref="TestAuth.Settings"/>, then <paramref name="settings"/> on top, then <paramref name="configure"/>.</remarks>
public sealed class ApiFactory(SiloHost silo, IReadOnlyDictionary<string, string>? settings = null, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Program>
{
    /// <summary>A client with no credentials: what a patient's browser sends. Its every answer is checked against the OpenAPI document.</summary>
    public HttpClient Anonymous() => ContractChecked.Client(this);

    /// <summary>A client whose every request carries an admin token. Its every answer is checked against the OpenAPI document.</summary>
    public HttpClient Admin() => TestAuth.Authorize(Anonymous());

    /// <summary>
    /// Serves over real sockets (Kestrel on a free loopback port) instead of the in-memory test server, for tests of
    /// what happens on a TCP connection; returns the address. Call before any client is created.
    /// </summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in TestAuth.Settings.Concat(settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Orleans:ClusterId", silo.ClusterId);
        builder.UseSetting("Orleans:ServiceId", silo.ClusterId);
        builder.UseSetting("Orleans:Gateways", $"127.0.0.1:{silo.GatewayPort}");
        if (silo.Clock is { } clock)
        {
            // The Api reads the silo's clock: its write deadlines and "now" agree with the grains'.
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock));
        }

        configure?.Invoke(builder);
    }
}
