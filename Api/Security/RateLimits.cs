using Booking.Api.Errors;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Booking.Api.Security;

/// <summary>
/// How much a client may do: fixed windows per client IP (bookings, sign-in, "my appointments") or per admin token
/// (admin writes), sized by <see cref="RateLimitOptions"/>; over a limit is 429 with <c>Retry-After</c>.
/// </summary>
public static class RateLimits
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

    public static WebApplicationBuilder AddBookingRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions>(builder.Configuration);
        builder.Services.AddRateLimiter(Configure);
        return builder;
    }

    private static void Configure(RateLimiterOptions o)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (context, cancellationToken) =>
        {
            var window = context.HttpContext.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Window;
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, Problems.RateLimited, "Too many requests",
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
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
