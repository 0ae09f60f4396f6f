using Booking.Api.Contracts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;

namespace Booking.Api.Security;

/// <summary>
/// Who may do what, and how much: admin JWTs, appointment tokens, CORS, rate limits, request limits and
/// security headers. <see cref="AddBookingSecurity"/> registers it, <see cref="UseBookingSecurity"/> runs it.
/// </summary>
public static class SecurityServices
{
    /// <summary>Rate limiter policy of <c>POST /api/appointments/book</c>: per client IP.</summary>
    public const string BookingLimit = "booking";

    /// <summary>Rate limiter policy of admin writes: per admin token.</summary>
    public const string AdminWriteLimit = "admin-writes";

    /// <summary>Rate limiter policy of <c>POST /api/auth/token</c>: per client IP.</summary>
    public const string SignInLimit = "sign-in";

    /// <summary>Rate limiter policy of the "my appointments" endpoints: per client IP.</summary>
    public const string SignInLinkLimit = "sign-in-link";

    /// <summary>The header that carries <see cref="RateLimitOptions.ExemptKey"/>.</summary>
    public const string ExemptHeader = "X-RateLimit-Exempt";

    private const string CorsPolicy = "web-app";

    public static WebApplicationBuilder AddBookingSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CorsAllowListOptions>().BindConfiguration(CorsAllowListOptions.SectionName);
        services.AddTrustedProxies();
        services.AddSingleton<AppointmentTokens>();
        services.AddSingleton<AdminTokens>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>(ConfigureJwt);
        services.AddAuthorizationBuilder().AddPolicy(AuthOptions.AdminRole, p => p.RequireAuthenticatedUser().RequireRole(AuthOptions.AdminRole));

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CorsAllowListOptions>, IConfiguration>((cors, allowed, configuration) =>
            cors.AddPolicy(CorsPolicy, p => p
                .WithOrigins([.. AllowedOrigins(allowed.Value, configuration)])
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders("Content-Type", "Authorization", AppointmentTokens.Header, IdempotencyKey.Header)
                .WithExposedHeaders("Location", "Retry-After")
                .DisallowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        services.AddRateLimiter(ConfigureRateLimits);
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", SecurityOpenApi.Configure);

        var limits = builder.Configuration.GetSection(RequestLimitOptions.SectionName).Get<RequestLimitOptions>() ?? new RequestLimitOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = limits.RequestTimeout });
        services.PostConfigure<JsonOptions>(o =>
        {
            o.SerializerOptions.MaxDepth = limits.MaxJsonDepth;

            // {"slot_id": "a", "slot_id": "b"} is ambiguous: refuse it rather than let the last one win.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.PostConfigure<ProblemDetailsOptions>(o =>
        {
            var inner = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                inner?.Invoke(context);
                StableType(context.ProblemDetails);
            };
        });
        return builder;
    }

    /// <summary>
    /// The security part of the pipeline, after the exception handler: headers on every answer, body size,
    /// CORS, authentication, authorization, rate limits, timeouts. Warns at start when admin access is off.
    /// </summary>
    public static WebApplication UseBookingSecurity(this WebApplication app)
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

        app.Use(SecurityHeaders.Middleware);
        app.Use(BodyLimit.Middleware);
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        return app;
    }

    /// <summary>Admin only (a JWT with role admin), rate limited per token.</summary>
    public static RouteHandlerBuilder AdminWrite(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(AuthOptions.AdminRole).RequireRateLimiting(AdminWriteLimit);

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
                await ProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, Problems.Unauthorized, "Admin token required",
                    key is null
                        ? "Admin access is disabled: the server has no Auth:SigningKey configured."
                        : "Send Authorization: Bearer <token> with an admin token from POST /api/auth/token.");
            },
            OnForbidden = context => ProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, Problems.Forbidden, "Forbidden",
                "This token does not carry the admin role."),
        };
    }

    private static IEnumerable<string> AllowedOrigins(CorsAllowListOptions allowed, IConfiguration configuration)
    {
        var own = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Host is not ("*" or "+" or "0.0.0.0" or "[::]"));
        return allowed.AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(own).Select(o => o.TrimEnd('/')).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    private static void ConfigureRateLimits(RateLimiterOptions o)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (context, cancellationToken) =>
        {
            var window = context.HttpContext.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Window;
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await ProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, Problems.RateLimited, "Too many requests",
                "This client has used up its requests for now; try again after Retry-After seconds.");
        };
        o.AddPolicy(BookingLimit, context => Partition(context, "book:" + ClientAddress(context), l => l.BookingPermits));
        o.AddPolicy(SignInLimit, context => Partition(context, "sign-in:" + ClientAddress(context), l => l.SignInPermits));
        o.AddPolicy(SignInLinkLimit, context => Partition(context, "sign-in-link:" + ClientAddress(context), l => l.SignInLinkPermits));
        o.AddPolicy(AdminWriteLimit, context =>
            Partition(context, "admin:" + (context.User.FindFirst("jti")?.Value ?? ClientAddress(context)), l => l.AdminWritePermits));
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string key, Func<RateLimitOptions, int> permits)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (IsExempt(context, limits))
        {
            return RateLimitPartition.GetNoLimiter("exempt");
        }

        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(limits),
            Window = limits.Window,
            QueueLimit = 0,
        });
    }

    private static bool IsExempt(HttpContext context, RateLimitOptions limits) =>
        limits.ExemptKey is { } secret
        && context.Request.Headers[ExemptHeader] is [{ } presented]
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(presented)), SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Answers the framework makes on its own (401, 404 of an unknown route, 405, 413, ...) get a stable type too.</summary>
    private static void StableType(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (problem.Type?.StartsWith("/problems/", StringComparison.Ordinal) == true)
        {
            return;
        }

        (problem.Type, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => (Problems.Unauthorized, problem.Detail ?? "Authentication is required."),
            StatusCodes.Status403Forbidden => (Problems.Forbidden, problem.Detail ?? "This caller may not do this."),
            StatusCodes.Status404NotFound => (Problems.NotFound, problem.Detail ?? "There is nothing at this address."),
            StatusCodes.Status405MethodNotAllowed => (Problems.MethodNotAllowed, problem.Detail ?? "This address does not take this method."),
            StatusCodes.Status413PayloadTooLarge => (Problems.PayloadTooLarge, problem.Detail ?? "The request body is too large."),
            StatusCodes.Status429TooManyRequests => (Problems.RateLimited, problem.Detail ?? "Too many requests; try again after Retry-After seconds."),
            StatusCodes.Status504GatewayTimeout => (Problems.RequestTimeout, problem.Detail ?? "The request took too long and was abandoned."),
            _ => (problem.Type, problem.Detail),
        };
    }
}
