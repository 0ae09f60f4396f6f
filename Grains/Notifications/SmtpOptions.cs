using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Grains.Notifications;

/// <summary>How mail leaves the silo; section <c>Notifications:Smtp</c>. Without a <see cref="Host"/>, e-mail is off.</summary>
public sealed class SmtpOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Notifications:Smtp";

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

    /// <summary>The user name to authenticate with. Default none: no authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>The password for <see cref="UserName"/>. Default none.</summary>
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
