using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Grains.Notifications;

/// <summary>The deployment's signing key as the silo needs it, for the links it mails; section <c>Auth</c>, shared with the Api.</summary>
public sealed class LinkSigningOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Auth";

    /// <summary>
    /// The same <c>Auth:SigningKey</c> the Api has (base64, at least 32 bytes). Default none: mails carry no
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
