using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Api.Security;

/// <summary>
/// Admin sign-in and token signing (section <c>Auth</c>). No secret has a default: without
/// <see cref="SigningKey"/> every admin endpoint answers 401 (fail closed), and without
/// <see cref="AdminPassword"/> <c>POST /api/auth/token</c> answers 503.
/// </summary>
public sealed class AuthOptions : ISectionOptions, IValidatableObject
{
    public static string SectionName => "Auth";

    /// <summary>The role an admin token carries, and the name of the policy that requires it.</summary>
    public const string AdminRole = "admin";

    /// <summary>The one user name <c>POST /api/auth/token</c> knows.</summary>
    public const string AdminUserName = "admin";

    /// <summary>HMAC-SHA256 key for admin JWTs, base64, at least 32 bytes. Also keys the appointment access tokens. Default none.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>iss</c> the Api writes into and requires of admin JWTs. Default <c>booking-api</c>.</summary>
    [Required]
    public string Issuer { get; set; } = "booking-api";

    /// <summary>The <c>aud</c> the Api writes into and requires of admin JWTs. Default <c>booking-api</c>.</summary>
    [Required]
    public string Audience { get; set; } = "booking-api";

    /// <summary>The dev admin's password for <c>POST /api/auth/token</c>; at least 12 characters. No default.</summary>
    public string? AdminPassword { get; set => field = string.IsNullOrEmpty(value) ? null : value; }

    /// <summary>How long an admin JWT is valid. Default 1 hour (the token answer says <c>expires_in: 3600</c>).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The decoded signing key, or null when none is configured.</summary>
    public byte[]? SigningKeyBytes() => AccessTokenSigner.DecodeKey(SigningKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!AccessTokenSigner.IsValidKey(SigningKey))
        {
            yield return new ValidationResult(AccessTokenSigner.InvalidKeyMessage, [nameof(SigningKey)]);
        }

        if (AdminPassword is { Length: < 12 })
        {
            yield return new ValidationResult("Auth:AdminPassword must be at least 12 characters.", [nameof(AdminPassword)]);
        }
    }
}
