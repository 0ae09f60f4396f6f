using Booking.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Settings files sit next to the binary, whatever folder the silo is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

using (var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole()))
{
    await DatabaseMigrator.MigrateAsync(
        BookingSiloBuilderExtensions.BookingConnectionString(builder.Configuration),
        loggerFactory.CreateLogger("Booking.Migrations"));
}

builder.UseOrleans(silo => silo
    .AddBookingClustering(builder.Configuration)
    .AddBookingServices(builder.Configuration));
builder.AddBookingSiloTelemetry();

await using var host = builder.Build();
host.MapBookingSiloEndpoints();
await host.StartAsync();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Booking.Silo").LogInformation("Silo ready");
await host.WaitForShutdownAsync();

// Internal, so that tests hosting the Api (whose Program is public) see one Program.
internal partial class Program;
