using Booking.Api.Endpoints;
using Booking.Api.Errors;
using Booking.Api.Infrastructure;
using Booking.Api.OpenApi;
using Booking.Api.Realtime;
using Booking.Api.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

// Settings files sit next to the binary, whatever folder the Api is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.ListenOnConfiguredUrls();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.AddBookingJson();
builder.AddBookingProblemDetails();
builder.Services.AddBookingOpenApi();
builder.AddTrustedProxies();
builder.AddBookingRequestLimits();
builder.AddBookingCors();
builder.AddBookingAuthentication();
builder.AddBookingRateLimits();
builder.AddBookingRealtime();
builder.AddBookingHealthChecks();
builder.AddBookingOrleansClient();
builder.AddBookingTelemetry();

var app = builder.Build();

app.UseBookingProblemDetails();
app.UseSecurityHeaders();
app.UseRequestBodyLimit();
app.UseBookingCors();
app.UseBookingAuthentication();
app.UseRateLimiter();
app.UseRequestTimeouts();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapBookingHealthChecks();
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
