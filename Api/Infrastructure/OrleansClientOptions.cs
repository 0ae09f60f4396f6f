using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Booking.Api.Infrastructure;

/// <summary>How the Api reaches the silos; bound from the <c>Orleans</c> section.</summary>
public sealed class OrleansClientOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Orleans";

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
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a grain call may take before the Api gives up on it (answered 503). Default 15 s (Orleans: 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The gateway endpoints parsed (validation has refused a malformed one).</summary>
    public IReadOnlyList<IPEndPoint> GatewayEndpoints() => [.. Entries().Select(IPEndPoint.Parse)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var gateway in Entries().Where(g => !(IPEndPoint.TryParse(g, out var endpoint) && endpoint.Port != 0)))
        {
            yield return new ValidationResult($"Orleans:Gateways has '{gateway}'; give host:port pairs such as 127.0.0.1:30000.", [nameof(Gateways)]);
        }
    }

    private IEnumerable<string> Entries() => (Gateways ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
