using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>The real Api, hosted in the test process, connected as an Orleans client to a silo's gateway.</summary>
/// <remarks>Configured with <see cref="TestAuth.Settings"/>, then <paramref name="settings"/> on top.</remarks>
public sealed class ApiFactory(SiloHost silo, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>A client with no credentials: what a patient's browser sends.</summary>
    public HttpClient Anonymous() => CreateClient();

    /// <summary>A client whose every request carries an admin token.</summary>
    public HttpClient Admin() => TestAuth.Authorize(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in TestAuth.Settings.Concat(settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Orleans:ClusterId", silo.ClusterId);
        builder.UseSetting("Orleans:ServiceId", silo.ClusterId);
        builder.UseSetting("Orleans:Gateways", $"127.0.0.1:{silo.GatewayPort}");
    }
}
