using Booking.Api.Endpoints;
using Booking.Api.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Scalar.AspNetCore;
using System.Diagnostics;
using System.Text.Json;

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
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
    context.ProblemDetails.Extensions["trace_id"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);

var orleans = builder.Configuration.GetSection(OrleansClientOptions.SectionName).Get<OrleansClientOptions>() ?? new OrleansClientOptions();
builder.UseOrleansClient(client => client
    .Configure<ClusterOptions>(o =>
    {
        o.ClusterId = orleans.ClusterId;
        o.ServiceId = orleans.ServiceId;
    })
    .UseStaticClustering(orleans.GatewayEndpoints().ToArray())
    .UseConnectionRetryFilter<GatewayRetryFilter>());

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapDoctorEndpoints();
app.MapSlotEndpoints();
app.MapAppointmentEndpoints();

app.Run();

/// <summary>The Api's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
