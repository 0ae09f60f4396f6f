using System.ComponentModel.DataAnnotations;

namespace Booking.Api.Contracts;

/// <summary>Body of <c>POST /api/auth/token</c>.</summary>
/// <param name="Username">Always <c>admin</c>.</param>
/// <param name="Password">The configured <c>Auth:AdminPassword</c>.</param>
public sealed record TokenRequest(
    [property: Required, MinLength(1), MaxLength(WireFormats.UsernameLength)] string? Username,
    [property: Required, MinLength(1), MaxLength(WireFormats.PasswordLength)] string? Password);

/// <summary>An admin bearer token: send it as <c>Authorization: Bearer &lt;access_token&gt;</c>.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
