using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace Booking.Api.Infrastructure;

/// <summary>
/// What an operator sees of the Api: OpenTelemetry metrics (ASP.NET Core's, Orleans' client side, the
/// runtime's) at <c>/metrics</c>, traces over OTLP when an endpoint is configured, Orleans activity
/// propagation (an HTTP request and its grain calls share one trace id), a membership readiness
/// check, and the Orleans Dashboard at <c>/dashboard</c>.
/// </summary>
public static class ApiTelemetry
{
    /// <summary>The <c>service.name</c> of the Api's telemetry.</summary>
    public const string ServiceName = "booking-api";

    /// <summary>Where the Orleans Dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    public static WebApplicationBuilder AddBookingTelemetry(this WebApplicationBuilder builder)
    {
        builder.UseOrleansClient(client => client.AddActivityPropagation().AddDashboard());
        builder.Services.AddHealthChecks().AddCheck<MembershipHealthCheck>("membership", tags: ["ready"]);

        var otlp = builder.Configuration["Telemetry:OtlpEndpoint"];
        var exportTraces = otlp is { Length: > 0 } || builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing =>
            {
                // A request follows its caller's sampling decision (traceparent); one that starts here is sampled at the ratio.
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(TraceSampleRatio(builder.Configuration))))
                    .AddSource("Microsoft.Orleans.*")
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Never export /metrics and health probes, nor a query string: it may carry a patient's
                        // email (GET /api/appointments?patient_email=) or an access token.
                        o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health");
                        o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                    });
                if (exportTraces)
                {
                    // Without the option the exporter reads OTEL_EXPORTER_OTLP_* itself (protocol, headers, signal path).
                    tracing.AddOtlpExporter(o =>
                    {
                        if (otlp is { Length: > 0 })
                        {
                            o.Endpoint = new Uri(otlp);
                        }
                    });
                }
            });
        return builder;
    }

    /// <summary>
    /// <c>Telemetry:TraceSampleRatio</c>: the share of traces started here that are recorded and exported (0 to 1, default 0.05).
    /// Unsampled requests still carry a trace id (in logs and problem details); only their spans are not built.
    /// </summary>
    public static double TraceSampleRatio(IConfiguration configuration) =>
        configuration.GetValue("Telemetry:TraceSampleRatio", 0.05) is var ratio and >= 0 and <= 1
            ? ratio
            : throw new OptionsValidationException("Telemetry:TraceSampleRatio", typeof(double), ["Telemetry:TraceSampleRatio must be a number from 0 to 1."]);

    /// <summary>
    /// Maps <c>/metrics</c> and the dashboard. The dashboard has no sign-in of its own and shows grain ids and a
    /// log stream, so it answers only clients on this machine unless <c>Dashboard:AllowRemote</c> is true (for a
    /// deployment that puts it behind an authenticating reverse proxy); anyone else gets 404.
    /// </summary>
    public static WebApplication MapBookingTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (!app.Configuration.GetValue<bool>("Dashboard:AllowRemote"))
        {
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments(DashboardPath) && !IsLocal(context.Connection))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        app.MapOrleansDashboard(routePrefix: DashboardPath);
        return app;
    }

    // An in-process test host has no remote address: it is this machine too.
    private static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is null || System.Net.IPAddress.IsLoopback(connection.RemoteIpAddress);
}

/// <summary>Ready when the cluster's membership lists at least one Active silo (asked through a silo, within two seconds).</summary>
public sealed class MembershipHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            var active = (await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout.Token)).Count;
            return active > 0
                ? HealthCheckResult.Healthy($"{active} silo(s) Active in the membership table.", new Dictionary<string, object> { ["active_silos"] = active })
                : HealthCheckResult.Unhealthy("No silo is Active in the membership table.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy("The cluster's membership could not be read.", e);
        }
    }
}
