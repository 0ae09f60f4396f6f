using Booking.Api.Infrastructure;

namespace Booking.Api.Realtime;

/// <summary>Registers and maps live availability (SignalR over WebSockets, fed by schedule grain observers).</summary>
public static class RealtimeExtensions
{
    /// <summary>The hub's path.</summary>
    public const string HubPath = "/hubs/availability";

    public static WebApplicationBuilder AddBookingRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR().AddJsonProtocol(o => ApiJson.UseWireFormat(o.PayloadSerializerOptions));
        builder.Services.AddSingleton<AvailabilityRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AvailabilityRelay>());
        return builder;
    }

    public static WebApplication MapBookingRealtime(this WebApplication app)
    {
        app.UseWebSockets();
        app.MapHub<AvailabilityHub>(HubPath);
        return app;
    }
}
