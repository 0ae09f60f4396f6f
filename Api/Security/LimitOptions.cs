using System.ComponentModel.DataAnnotations;

namespace Booking.Api.Security;

/// <summary>Rate limits (section <c>RateLimit</c>): fixed windows, one per client IP or per admin token.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Bookings (<c>POST /api/appointments/book</c>) per client IP per window. Default 60.</summary>
    [Range(1, int.MaxValue)]
    public int BookingPermits { get; set; } = 60;

    /// <summary>Admin writes (create/update/delete doctors and slots) per admin token per window. Default 300.</summary>
    [Range(1, int.MaxValue)]
    public int AdminWritePermits { get; set; } = 300;

    /// <summary>Sign-in attempts (<c>POST /api/auth/token</c>) per client IP per window. Default 10.</summary>
    [Range(1, int.MaxValue)]
    public int SignInPermits { get; set; } = 10;

    /// <summary>"My appointments" requests (a sign-in link, opening one) per client IP per window. Default 5.</summary>
    [Range(1, int.MaxValue)]
    public int SignInLinkPermits { get; set; } = 5;

    /// <summary>The length of a window. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A secret that, sent as header <c>X-RateLimit-Exempt</c>, lifts every limit (for the load tool). Off when
    /// unset (the default); at least 16 characters.
    /// </summary>
    [MinLength(16)]
    public string? ExemptKey { get; set; }
}

/// <summary>Request limits (section <c>Limits</c>).</summary>
public sealed class RequestLimitOptions
{
    public const string SectionName = "Limits";

    /// <summary>The largest request body accepted, in bytes; larger is 413. Default 65536.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How deeply JSON may nest; deeper is 400. Default 16.</summary>
    [Range(4, 64)]
    public int MaxJsonDepth { get; set; } = 16;

    /// <summary>How long a request may take before it is abandoned with 504. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Cross-origin access (section <c>Cors</c>).</summary>
public sealed class CorsAllowListOptions
{
    public const string SectionName = "Cors";

    /// <summary>The web app's dev server, by both loopback names.</summary>
    public const string DefaultOrigins = "http://127.0.0.1:5173,http://localhost:5173";

    /// <summary>
    /// Comma-separated origins allowed to call the Api from a browser, besides the Api's own. Default
    /// <c>http://127.0.0.1:5173,http://localhost:5173</c> (the web app's dev server). Credentials are never allowed.
    /// </summary>
    public string AllowedOrigins { get; set; } = DefaultOrigins;
}
