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

    /// <summary>
    /// Optional static gateway list, comma-separated <c>host:port</c>. Empty (the default): the Api reads the live
    /// gateways from the membership table in <c>ConnectionStrings:Booking</c>. Set: it overrides the table.
    /// </summary>
    public string? Gateways { get; set; }

    /// <summary>How often the Api re-reads the live gateway list. Default 5 s (Orleans: 1 minute), so a new silo takes traffic soon.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a grain call may take before the Api gives up on it (answered 503). Default 15 s (Orleans: 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The gateway endpoints parsed; throws with a clear message when one is malformed.</summary>
    public IReadOnlyList<IPEndPoint> GatewayEndpoints() =>
        (Gateways ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(g => IPEndPoint.TryParse(g, out var endpoint) && endpoint.Port != 0
                ? endpoint
                : throw new InvalidOperationException($"Orleans:Gateways has '{g}'; give host:port pairs such as 127.0.0.1:30000."))
            .ToList();
}
