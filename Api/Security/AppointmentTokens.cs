using Booking.Grains.Interfaces;
using Microsoft.Extensions.Options;
using System.Security.Cryptography;

namespace Booking.Api.Security;

/// <summary>
/// The appointment access token: base64url(HMAC-SHA256(K, appointment id)), 256 bits, where K is derived
/// from <see cref="AuthOptions.SigningKey"/> (random bytes from a CSPRNG) by <see cref="AccessTokenSigner"/>,
/// which the silo uses too for the links it mails. The token is never stored:
/// the Api recomputes it from the id, so an idempotent replay of a booking can hand it out again, a
/// database dump reveals nothing that opens an appointment, and checking one needs no database read.
/// Rotating the signing key invalidates every appointment token (and every admin JWT).
/// </summary>
public sealed class AppointmentTokens
{
    /// <summary>The request header that carries the token.</summary>
    public const string Header = "X-Appointment-Token";

    /// <summary>The query parameter that carries the token, for links.</summary>
    public const string QueryParameter = "access_token";

    private readonly AccessTokenSigner _appointments;

    public AppointmentTokens(IOptions<AuthOptions> options)
    {
        var signingKey = options.Value.SigningKeyBytes();

        // Without a configured key the tokens are still unguessable, but only this process can check them.
        IsEphemeral = signingKey is null;
        var key = signingKey ?? RandomNumberGenerator.GetBytes(32);
        _appointments = new AccessTokenSigner(key, AccessTokenSigner.AppointmentPurpose);
        SignInLinks = new AccessTokenSigner(key, AccessTokenSigner.SignInLinkPurpose);
    }

    /// <summary>True when no signing key is configured: tokens die with this process and other Api instances refuse them.</summary>
    public bool IsEphemeral { get; }

    /// <summary>Checks the sign-in link tokens that the silo mails (same signing key, another purpose).</summary>
    public AccessTokenSigner SignInLinks { get; }

    /// <summary>The token of an appointment.</summary>
    public string For(Guid appointmentId) => _appointments.For(appointmentId);

    /// <summary>Whether <paramref name="presented"/> is the appointment's token; constant time.</summary>
    public bool Matches(Guid appointmentId, string? presented) => _appointments.Matches(appointmentId, presented);
}
