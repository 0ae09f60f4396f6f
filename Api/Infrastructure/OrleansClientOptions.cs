using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Booking.Api.Infrastructure;

/// <summary>How the Api reaches the silos; bound from the <c>Orleans</c> section.</summary>
public sealed class OrleansClientOptions
{
    public const string SectionName = "Orleans";

    /// <summary>The cluster to join; must match the silos'. Default <c>booking</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "booking";

    /// <summary>The service identity; must match the silos'. Default <c>booking</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "booking";

    /// <summary>Silo gateway endpoints, comma-separated <c>host:port</c>. Default <c>127.0.0.1:30000</c>.</summary>
    [Required]
    public string Gateways { get; set; } = "127.0.0.1:30000";

    /// <summary>The gateway endpoints parsed; throws with a clear message when one is malformed.</summary>
    public IReadOnlyList<IPEndPoint> GatewayEndpoints() =>
        Gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(g => IPEndPoint.TryParse(g, out var endpoint) && endpoint.Port != 0
                ? endpoint
                : throw new InvalidOperationException($"Orleans:Gateways has '{g}'; give host:port pairs such as 127.0.0.1:30000."))
            .ToList();
}
