using Booking.Api.Contracts;
using Booking.Api.Infrastructure;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Options;
using CorsOptions = Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions;

namespace Booking.Api.Security;

/// <summary>
/// Which browser origins may call the Api: the Api's own and <see cref="CorsAllowListOptions.AllowedOrigins"/>, with the
/// methods and headers the web app sends; never with credentials.
/// </summary>
public static class Cors
{
    private const string PolicyName = "web-app";

    public static WebApplicationBuilder AddBookingCors(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<CorsAllowListOptions>(builder.Configuration);
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<CorsAllowListOptions>, IOptions<ListenUrlOptions>>((cors, allowed, listen) =>
            cors.AddPolicy(PolicyName, p => p
                .WithOrigins([.. allowed.Value.Origins().Concat(listen.Value.OwnOrigins()).Distinct(StringComparer.OrdinalIgnoreCase)])
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders("Content-Type", "Authorization", AppointmentTokens.Header, IdempotencyKey.Header)
                .WithExposedHeaders("Location", "Retry-After")
                .DisallowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }

    public static WebApplication UseBookingCors(this WebApplication app)
    {
        app.UseCors(PolicyName);
        return app;
    }
}
