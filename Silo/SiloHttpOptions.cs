using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Silo;

/// <summary>The silo's own small HTTP endpoint (<c>/metrics</c>, <c>/health/live</c>, <c>/health/ready</c>); bound from the <c>Silo</c> section.</summary>
public sealed class SiloHttpOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Silo";

    /// <summary>Port of the silo's HTTP endpoint. Default 8100; give each silo on one machine its own.</summary>
    [Range(1, 65535)]
    public int HttpPort { get; set; } = 8100;

    /// <summary>Address the HTTP endpoint listens on. Default <c>127.0.0.1</c>; <c>0.0.0.0</c> to be scraped from other hosts.</summary>
    [Required]
    public string HttpAddress { get; set; } = "127.0.0.1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!System.Net.IPAddress.TryParse(HttpAddress, out _))
        {
            yield return new ValidationResult($"Silo:HttpAddress must be an IP address such as 127.0.0.1; '{HttpAddress}' is not.", [nameof(HttpAddress)]);
        }
    }
}
