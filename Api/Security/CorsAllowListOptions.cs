using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Api.Security;

/// <summary>Cross-origin access (section <c>Cors</c>).</summary>
public sealed class CorsAllowListOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Cors";

    /// <summary>The web app's dev server, by both loopback names.</summary>
    public const string DefaultOrigins = "http://127.0.0.1:5173,http://localhost:5173";

    /// <summary>
    /// Comma-separated origins allowed to call the Api from a browser, besides the Api's own. Default
    /// <c>http://127.0.0.1:5173,http://localhost:5173</c> (the web app's dev server). Credentials are never allowed.
    /// </summary>
    public string AllowedOrigins { get; set; } = DefaultOrigins;

    /// <summary>The configured origins, without a trailing slash.</summary>
    public IEnumerable<string> Origins() =>
        AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(o => o.TrimEnd('/'));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in Origins().Where(o => o != "*" && !(Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")))
        {
            yield return new ValidationResult(
                $"Cors:AllowedOrigins: '{origin}' is not an origin such as https://booking.example.com (scheme, host and optional port).", [nameof(AllowedOrigins)]);
        }
    }
}
