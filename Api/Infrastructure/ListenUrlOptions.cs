using Booking.Grains.Interfaces;

namespace Booking.Api.Infrastructure;

/// <summary>Where the Api listens: the configuration root's <c>urls</c>, as ASP.NET Core reads it (also <c>ASPNETCORE_URLS</c> and <c>--urls</c>).</summary>
public sealed class ListenUrlOptions : ISectionOptions
{
    public static string SectionName => "";

    /// <summary>The documented default address.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Semicolon-separated URLs the Api listens on. Default <c>http://127.0.0.1:5080</c> (also when set empty).</summary>
    public string Urls { get; set => field = string.IsNullOrEmpty(value) ? DefaultUrls : value; } = DefaultUrls;

    /// <summary>The browser origins of the Api itself: its URLs, except those on a wildcard host.</summary>
    public IEnumerable<string> OwnOrigins() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Host is not ("*" or "+" or "0.0.0.0" or "[::]"))
            .Select(u => u.TrimEnd('/'));
}
