using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Api.Security;

/// <summary>Rate limits (section <c>RateLimit</c>): fixed windows, one per client IP or per admin token.</summary>
public sealed class RateLimitOptions : ISectionOptions
{
    public static string SectionName => "RateLimit";

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
