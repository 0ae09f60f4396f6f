using Booking.Grains.Interfaces;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace Booking.Api.Infrastructure;

/// <summary>
/// What an operator sees of the Api: OpenTelemetry metrics (ASP.NET Core's, Orleans' client side, the
/// runtime's) at <c>/metrics</c>, traces over OTLP when an endpoint is configured, Orleans activity
/// propagation (an HTTP request and its grain calls share one trace id), and the Orleans Dashboard at
/// <c>/dashboard</c> (<see cref="TelemetryOptions.Dashboard"/>).
/// </summary>
public static class ApiTelemetry
{
    /// <summary>The <c>service.name</c> of the Api's telemetry.</summary>
    public const string ServiceName = "booking-api";

    /// <summary>Where the Orleans Dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    public static WebApplicationBuilder AddBookingTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Configuration.GetValidated<TelemetryOptions>();
        builder.Services.AddValidatedOptions<TelemetryOptions>(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            // The filter that carries unsampled traces goes before Orleans' propagation (see UnsampledTracePropagation).
            client.AddOutgoingGrainCallFilter<UnsampledTracePropagation>().AddActivityPropagation();
            if (telemetry.Dashboard)
            {
                client.AddDashboard();
            }
        });
        builder.Services.AddValidatedOptions<DashboardAccessOptions>(builder.Configuration);
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
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(telemetry.TraceSampleRatio)))
                    .AddSource("Microsoft.Orleans.*")
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Never export /metrics and health probes, nor a query string: it may carry a patient's
                        // email (GET /api/appointments?patient_email=) or an access token.
                        o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health");
                        o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                    });
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

    /// <summary>
    /// Maps <c>/metrics</c> and, unless <see cref="TelemetryOptions.Dashboard"/> is false, the dashboard. The dashboard
    /// has no sign-in of its own and shows grain ids and a log stream, so it answers only clients on this machine unless
    /// <c>Dashboard:AllowRemote</c> is true (for a deployment that puts it behind an authenticating reverse proxy,
    /// <see cref="DashboardAccessOptions"/>); anyone else gets 404.
    /// </summary>
    public static WebApplication MapBookingTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (!app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Dashboard)
        {
            return app;
        }

        if (!app.Services.GetRequiredService<IOptions<DashboardAccessOptions>>().Value.AllowRemote)
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
