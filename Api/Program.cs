using Booking.Api.Contracts;
using Booking.Api.Endpoints;
using Booking.Api.Infrastructure;
using Booking.Api.OpenApi;
using Booking.Api.Realtime;
using Booking.Api.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

// Settings files sit next to the binary, whatever folder the Api is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    // The documented default; ASPNETCORE_URLS or --urls override it.
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.Services.Configure<JsonOptions>(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.Converters.Add(new UtcInstantConverter());

    // A number sent as a string ("12") is a wrong type, answered 400 like any other.
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    context.ProblemDetails.Extensions["trace_id"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
    {
        // Routing refuses a non-JSON body before the endpoint runs; give that answer the stable type too.
        context.ProblemDetails.Type = Problems.UnsupportedMediaType;
        context.ProblemDetails.Detail ??= "Send the body as JSON with Content-Type: application/json.";
    }
});
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddBookingOpenApi();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.AddBookingSecurity();
builder.AddBookingRealtime();
builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);

builder.AddBookingOrleansClient();
builder.AddBookingTelemetry();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBookingSecurity();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapBookingTelemetry();
app.MapDoctorEndpoints();
app.MapSlotEndpoints();
app.MapWorkingHoursEndpoints();
app.MapAppointmentEndpoints();
app.MapMyAppointmentsEndpoints();
app.MapWebhookEndpoints();
app.MapAuthEndpoints();
app.MapBookingRealtime();
app.MapBookingWebApp();

app.Run();

/// <summary>The Api's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
