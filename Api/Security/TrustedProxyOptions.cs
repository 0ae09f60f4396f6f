using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;
using System.Net;
using IPNetwork = System.Net.IPNetwork;

namespace Booking.Api.Security;

/// <summary>
/// The reverse proxies or load balancers in front of the Api (section <c>ForwardedHeaders</c>). Only a request that
/// arrives from one of them may say, in <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, who the client was; the
/// per-IP rate limits and everything else that looks at the client address then see that client. Off by default
/// (nothing trusted): the headers are ignored, so a client can never pose as another by sending them.
/// </summary>
public sealed class TrustedProxyOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "ForwardedHeaders";

    /// <summary>Comma-separated addresses of trusted proxies, e.g. <c>10.0.0.5,10.0.0.6</c>. Default none.</summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>Comma-separated networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>. Default none.</summary>
    public string KnownNetworks { get; set; } = "";

    /// <summary>
    /// How many proxies in a row may be stepped back through, right to left in <c>X-Forwarded-For</c>, each of them
    /// trusted. Default 1: one proxy, whose own entry (the rightmost) is the only one believed.
    /// </summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    /// <summary>True when a proxy or network is configured; only then are forwarded headers read.</summary>
    public bool IsEnabled() => Entries(KnownProxies).Any() || Entries(KnownNetworks).Any();

    public IEnumerable<IPAddress> Proxies() => Entries(KnownProxies).Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> Networks() => Entries(KnownNetworks).Select(e => IPNetwork.Parse(e));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in Entries(KnownProxies).Where(e => !IPAddress.TryParse(e, out _)))
        {
            yield return new ValidationResult($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in Entries(KnownNetworks).Where(e => !IPNetwork.TryParse(e, out _)))
        {
            yield return new ValidationResult($"ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (address/prefix length).", [nameof(KnownNetworks)]);
        }
    }

    private static IEnumerable<string> Entries(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
