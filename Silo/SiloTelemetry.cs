using Booking.Grains;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Orleans.Hosting;
using System.Net;

namespace Booking.Silo;

/// <summary>
/// What an operator sees of a silo: OpenTelemetry metrics (the Booking meter, Orleans', Npgsql's, the
/// runtime's) scraped at <c>/metrics</c>, traces sent over OTLP when an endpoint is configured, Orleans
/// activity propagation, the dashboard's silo side (unless <see cref="TelemetryOptions.Dashboard"/> is false),
/// and <c>/health/live</c> and <c>/health/ready</c>, all on a small Kestrel endpoint of its own (<see cref="SiloHttpOptions"/>).
/// </summary>
public static class SiloTelemetry
{
    /// <summary>The <c>service.name</c> of the silo's telemetry.</summary>
    public const string ServiceName = "booking-silo";

    /// <summary>Registers telemetry, health checks and the HTTP endpoint's address. Call before <c>Build</c>.</summary>
    public static WebApplicationBuilder AddBookingSiloTelemetry(this WebApplicationBuilder builder)
    {
        var http = builder.Configuration.GetValidated<SiloHttpOptions>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(http.HttpAddress), http.HttpPort));

        var telemetry = builder.Configuration.GetValidated<TelemetryOptions>();
        builder.UseOrleans(silo =>
        {
            // The filter that carries unsampled traces goes before Orleans' propagation (see UnsampledTracePropagation).
            silo.AddOutgoingGrainCallFilter<UnsampledTracePropagation>().AddActivityPropagation();
            if (telemetry.Dashboard)
            {
                silo.AddDashboard();
            }
        });
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SiloMembershipHealthCheck>("membership", tags: ["ready"]);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: $"{Environment.MachineName}:{http.HttpPort}"))
            .WithMetrics(metrics => metrics
                .AddMeter(BookingMetrics.MeterName, "Microsoft.Orleans")
                .AddNpgsqlInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing =>
            {
                // No ASP.NET Core spans: this endpoint only answers scrapes and probes. A grain call follows its caller's
                // sampling decision; work that starts here (reminders, the sweep, membership) is sampled at the ratio.
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(telemetry.TraceSampleRatio)))
                    .AddSource("Microsoft.Orleans.*").AddNpgsql();
                if (telemetry.ExportsTraces(builder.Configuration[TelemetryOptions.StandardEndpointKey]))
                {
                    // Without the option the exporter reads OTEL_EXPORTER_OTLP_* itself (protocol, headers, signal path).
                    tracing.AddOtlpExporter(o =>
                    {
                        if (telemetry.OtlpEndpointUri is { } endpoint)
                        {
                            o.Endpoint = endpoint;
                        }
                    });
                }
            });
        return builder;
    }

    /// <summary>Maps <c>/metrics</c>, <c>/health/live</c> and <c>/health/ready</c>.</summary>
    public static WebApplication MapBookingSiloEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}

/// <summary>Ready when the booking database answers <c>SELECT 1</c> within two seconds.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}

/// <summary>Ready when this silo is Active in the cluster's membership (joined, not joining, shutting down or dead).</summary>
public sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.SiloAddress} is Active in the membership table.")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {status} in the membership table."));
    }
}
