using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Grains.Notifications;

/// <summary>What patients and webhook receivers are told, and how hard the silo tries; section <c>Notifications</c>.</summary>
public sealed class NotificationOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Notifications";

    /// <summary>Where the web app is, for the links in e-mails (reopen an appointment, sign in). Default <c>http://127.0.0.1:5080</c>.</summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>How long before a confirmed appointment its reminder e-mail goes out. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ReminderLeadTime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>False to run no dispatcher on this silo (other silos of the cluster then send everything). Default true.</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>How often an idle dispatcher looks for new events and due deliveries. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most events (and deliveries) one dispatcher claims with one statement. Default 500.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a claimed delivery belongs to the silo that claimed it; after that another silo may take it over. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts per delivery before it is given up as DEAD. Default 8.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after a first failed attempt; it doubles with each further failure (with jitter). Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a webhook receiver may take to answer one delivery. Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a "my appointments" sign-in link works (once). Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The most sign-in links one address gets per hour; further requests send nothing (and answer the same). Default 5.</summary>
    [Range(1, 1000)]
    public int SignInLinksPerHour { get; set; } = 5;

    /// <summary><see cref="PublicBaseUrl"/> without a trailing slash.</summary>
    public string BaseUrl => PublicBaseUrl.TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Notifications:PublicBaseUrl must be an absolute http(s) URL such as https://booking.example.com.", [nameof(PublicBaseUrl)]);
        }

        if (RetryMaxDelay < RetryBaseDelay)
        {
            yield return new ValidationResult("Notifications:RetryMaxDelay must not be shorter than Notifications:RetryBaseDelay.", [nameof(RetryMaxDelay)]);
        }
    }
}
