using Booking.Grains.Interfaces;

namespace Booking.Api.Infrastructure;

/// <summary>Listens on the configured URLs (<see cref="ListenUrlOptions"/>), the documented default when none are.</summary>
public static class ListenUrls
{
    public static WebApplicationBuilder ListenOnConfiguredUrls(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls(builder.Configuration.GetValidated<ListenUrlOptions>().Urls);
        builder.Services.AddValidatedOptions<ListenUrlOptions>(builder.Configuration);
        return builder;
    }
}
