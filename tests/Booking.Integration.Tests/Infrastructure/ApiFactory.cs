using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>The real Api, hosted in the test process, connected as an Orleans client to a silo's gateway.</summary>
public sealed class ApiFactory(SiloHost silo) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orleans:ClusterId", silo.ClusterId);
        builder.UseSetting("Orleans:ServiceId", silo.ClusterId);
        builder.UseSetting("Orleans:Gateways", $"127.0.0.1:{silo.GatewayPort}");
    }
}
