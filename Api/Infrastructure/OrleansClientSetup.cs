using Booking.Grains.Interfaces;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using System.Data.Common;

namespace Booking.Api.Infrastructure;

/// <summary>The Api's Orleans client: which cluster, how it finds the gateways, how long calls may take.</summary>
public static class OrleansClientSetup
{
    /// <summary>The ADO.NET invariant under which Orleans loads Npgsql at run time; the Api never uses Npgsql types itself.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Connects the Api to the cluster: gateways from the membership table (<c>ConnectionStrings:Booking</c>), or from
    /// the static <c>Orleans:Gateways</c> list when that is set. Start-up fails with a clear message when neither is.
    /// </summary>
    public static WebApplicationBuilder AddBookingOrleansClient(this WebApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetValidated<OrleansClientOptions>();
        var gateways = orleans.GatewayEndpoints();
        var connectionString = builder.Configuration.GetConnectionString("Booking");
        if (gateways.Count == 0 && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException("ConnectionStrings:Booking", typeof(string),
                ["Neither ConnectionStrings:Booking (membership table, environment ConnectionStrings__Booking) nor Orleans:Gateways (static list) is set: the Api cannot find the silos."]);
        }

        builder.Services.AddValidatedOptions<OrleansClientOptions>(builder.Configuration);
        builder.Services.AddValidatedOptions<WriteDeadlineOptions>(builder.Configuration);
        builder.Services.AddSingleton<WriteDeadlines>();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = orleans.ClusterId;
                o.ServiceId = orleans.ServiceId;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = orleans.GatewayListRefreshPeriod);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = orleans.ResponseTimeout);
            if (gateways.Count > 0)
            {
                client.UseStaticClustering([.. gateways]);
            }
            else
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = MembershipConnectionString(connectionString!);
                });
            }

            client.UseConnectionRetryFilter<GatewayRetryFilter>();
        });
        return builder;
    }

    /// <summary>The booking connection string with a small pool of its own, named in pg_stat_activity; generic ADO.NET, no Npgsql types.</summary>
    public static string MembershipConnectionString(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString, ["Application Name"] = "booking-api", ["Maximum Pool Size"] = "4" }.ConnectionString;
}
