using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Grains.Notifications;

/// <summary>What patients and webhook receivers are told, and how hard the silo tries; section <c>Notifications</c>.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string SectionName = "Notifications";

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

/// <summary>How mail leaves the silo; section <c>Notifications:Smtp</c>. Without a <see cref="Host"/>, e-mail is off.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string SectionName = "Notifications:Smtp";

    /// <summary>The SMTP server. Empty (the default): no e-mail is made or sent, and the silo says so once at start.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP port. Default 587 (submission).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>
    /// <c>StartTls</c> (the default: upgrade or fail), <c>SslOnConnect</c> (implicit TLS, usually port 465),
    /// <c>StartTlsWhenAvailable</c>, or <c>None</c> (plain text: only for a local catcher).
    /// </summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user name to authenticate with; none: no authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>The password for <see cref="UserName"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, as <c>address</c> or <c>Name &lt;address&gt;</c>. Default <c>Booking &lt;no-reply@booking.local&gt;</c>.</summary>
    [Required]
    public string From { get; set; } = "Booking <no-reply@booking.local>";

    /// <summary>The most SMTP connections one silo sends a batch over at once (each takes at least 10 of its messages). Default 4.</summary>
    [Range(1, 32)]
    public int MaxConnections { get; set; } = 4;

    /// <summary>How long one SMTP operation (connect, send) may take. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when a host is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult("Notifications:Smtp:From must be an address such as Clinic <no-reply@clinic.example>.", [nameof(From)]);
        }

        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Notifications:Smtp:Password is required with Notifications:Smtp:UserName.", [nameof(Password)]);
        }
    }
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    StartTls,
    SslOnConnect,
    StartTlsWhenAvailable,
    None,
}

/// <summary>The deployment's signing key as the silo needs it, for the links it mails; section <c>Auth</c>, shared with the Api.</summary>
public sealed class LinkSigningOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The same <c>Auth:SigningKey</c> the Api has (base64, at least 32 bytes). Without it mails carry no
    /// links and sign-in links are not sent; the silo says so once at start.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The decoded key, or null when none is configured.</summary>
    public byte[]? SigningKeyBytes() => AccessTokenSigner.DecodeKey(SigningKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!AccessTokenSigner.IsValidKey(SigningKey))
        {
            yield return new ValidationResult(AccessTokenSigner.InvalidKeyMessage, [nameof(SigningKey)]);
        }
    }
}
