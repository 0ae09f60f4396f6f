using System.ComponentModel.DataAnnotations;

namespace Booking.Grains.Interfaces;

/// <summary>
/// Traces and the dashboard (section <c>Telemetry</c>): the same keys and rules for the Api and the silos, each of which
/// wires them into its own set-up.
/// </summary>
public sealed class TelemetryOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Telemetry";

    /// <summary>The OpenTelemetry SDK's own setting for the OTLP endpoint; when it is set, traces are exported too.</summary>
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The OTLP endpoint traces are sent to, e.g. <c>http://127.0.0.1:4317</c>. Default none: traces are exported only
    /// when <see cref="StandardEndpointKey"/> is set (the exporter then reads every <c>OTEL_EXPORTER_OTLP_*</c> setting itself).
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// The share of traces started in this process that are recorded and exported, 0 to 1. Default 0.05. A request or
    /// grain call follows its caller's decision; unsampled work still carries a trace id (in logs and problem details).
    /// </summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 0.05;

    /// <summary>
    /// Whether the Orleans Dashboard runs. Default true. Its silo side collects Orleans' counters every second (a walk of
    /// the directory cache among them) and puts a profiling filter in front of every grain call; the Api serves it at
    /// <c>/dashboard</c>. False: neither, and <c>/dashboard</c> answers 404. Set it alike on the Api and every silo: an Api
    /// with the dashboard in front of silos without it serves a page that finds no data.
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary><see cref="OtlpEndpoint"/> as a URI; null when none is configured.</summary>
    public Uri? OtlpEndpointUri => string.IsNullOrEmpty(OtlpEndpoint) ? null : new Uri(OtlpEndpoint);

    /// <summary>Whether traces are exported: an endpoint here, or <paramref name="standardEndpoint"/> (the value of <see cref="StandardEndpointKey"/>).</summary>
    public bool ExportsTraces(string? standardEndpoint) => !string.IsNullOrEmpty(OtlpEndpoint) || !string.IsNullOrEmpty(standardEndpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Telemetry:OtlpEndpoint must be an absolute URL such as http://127.0.0.1:4317.", [nameof(OtlpEndpoint)]);
        }
    }
}
