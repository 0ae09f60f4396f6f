using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>The real Api, hosted in the test process, connected as an Orleans client to the fixture's silo gateway.</summary>
public sealed class ApiFactory(BookingClusterFixture fixture) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var silo = fixture.Cluster.Silos[0];
        builder.UseSetting("Orleans:ClusterId", silo.ClusterOptions!.ClusterId);
        builder.UseSetting("Orleans:ServiceId", silo.ClusterOptions!.ServiceId);
        builder.UseSetting("Orleans:Gateways", silo.GatewayAddress!.Endpoint.ToString());
    }
}
