using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Api.Security;

/// <summary>Request limits (section <c>Limits</c>).</summary>
public sealed class RequestLimitOptions : ISectionOptions
{
    public static string SectionName => "Limits";

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
