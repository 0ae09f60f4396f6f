using Booking.Api.Errors;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using System.Security.Cryptography;

namespace Booking.Api.Security;

/// <summary>
/// Who the caller is: admin JWTs (<see cref="AdminTokens"/>, checked by the JWT bearer handler) and appointment access
/// tokens (<see cref="AppointmentTokens"/>, checked by <see cref="AppointmentAccess"/>), and both in the OpenAPI document.
/// </summary>
public static class Authentication
{
    public static WebApplicationBuilder AddBookingAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AuthOptions>(builder.Configuration);
        services.AddSingleton<AppointmentTokens>();
        services.AddSingleton<AdminTokens>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>(ConfigureJwt);
        services.AddAuthorizationBuilder().AddPolicy(AuthOptions.AdminRole, p => p.RequireAuthenticatedUser().RequireRole(AuthOptions.AdminRole));
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", SecurityOpenApi.Configure);
        return builder;
    }

    /// <summary>Authentication and authorization in the pipeline. Warns at start when admin access is off.</summary>
    public static WebApplication UseBookingAuthentication(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Booking.Api.Security");
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.SigningKeyBytes() is null)
        {
            logger.LogCritical(
                "Auth:SigningKey is not configured: every admin endpoint answers 401, and appointment access tokens " +
                "only work until this process stops. Set Auth__SigningKey (base64, >= 32 bytes; ./run.sh generates one).");
        }
        else if (auth.AdminPassword is null)
        {
            logger.LogWarning("Auth:AdminPassword is not configured: POST /api/auth/token answers 503; admin JWTs must be minted elsewhere.");
        }

        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Admin only (a JWT with role admin), rate limited per token.</summary>
    public static RouteHandlerBuilder AdminWrite(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(AuthOptions.AdminRole).RequireRateLimiting(RateLimits.AdminWriteLimit);

    /// <summary>Admin only (a JWT with role admin).</summary>
    public static RouteHandlerBuilder AdminRead(this RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization(AuthOptions.AdminRole);

    private static void ConfigureJwt(JwtBearerOptions jwt, IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        var key = auth.SigningKeyBytes();
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,

            // Fail closed: with no key configured, validate against a random key nobody has.
            IssuerSigningKey = new SymmetricSecurityKey(key ?? RandomNumberGenerator.GetBytes(32)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RoleClaimType = "role",
            NameClaimType = "sub",
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        jwt.Events = new JwtBearerEvents
        {
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, Problems.Unauthorized, "Admin token required",
                    key is null
                        ? "Admin access is disabled: the server has no Auth:SigningKey configured."
                        : "Send Authorization: Bearer <token> with an admin token from POST /api/auth/token.");
            },
            OnForbidden = context => Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, Problems.Forbidden, "Forbidden",
                "This token does not carry the admin role."),
        };
    }
}
