using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Silo;

/// <summary>Where this silo listens and which cluster it joins; bound from the <c>Orleans</c> section.</summary>
public sealed class SiloHostOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Orleans";

    /// <summary>The cluster this silo joins; silos and clients of one cluster share it. Default <c>booking</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "booking";

    /// <summary>The service identity, stable across deployments (it keys reminders and grain state). Default <c>booking</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "booking";

    /// <summary>Silo-to-silo port. Default 11111; give each silo on one machine its own.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (the Api) connect to. Default 30000; give each silo on one machine its own.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address this silo advertises to others and listens on. Default <c>127.0.0.1</c>.</summary>
    [Required]
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// How many grain addresses the silo's directory cache keeps. Default 20,000 (Orleans: 1,000,000, which a day of
    /// bookings fills with slot and appointment grains called once or twice). A big cache costs upkeep on every call,
    /// and Orleans counts it by walking it at each metrics collection (every second for the dashboard, and on every
    /// scrape). The cache only saves a directory lookup for grains on other silos, so the recent ones are what it needs.
    /// </summary>
    [Range(1, 10_000_000)]
    public int DirectoryCacheSize { get; set; } = 20_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!System.Net.IPAddress.TryParse(AdvertisedIPAddress, out _))
        {
            yield return new ValidationResult($"Orleans:AdvertisedIPAddress must be an IP address such as 127.0.0.1; '{AdvertisedIPAddress}' is not.", [nameof(AdvertisedIPAddress)]);
        }
    }
}
