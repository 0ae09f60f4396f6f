using Microsoft.Extensions.Options;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Booking.Api.Security;

/// <summary>
/// The appointment access token: base64url(HMAC-SHA256(K, appointment id)), 256 bits, where K is derived
/// from <see cref="AuthOptions.SigningKey"/> (random bytes from a CSPRNG). The token is never stored:
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

    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("booking/appointment-access-token/v1");

    private readonly byte[] _key;

    public AppointmentTokens(IOptions<AuthOptions> options)
    {
        var signingKey = options.Value.SigningKeyBytes();

        // Without a configured key the tokens are still unguessable, but only this process can check them.
        IsEphemeral = signingKey is null;
        _key = HMACSHA256.HashData(signingKey ?? RandomNumberGenerator.GetBytes(32), Purpose);
    }

    /// <summary>True when no signing key is configured: tokens die with this process and other Api instances refuse them.</summary>
    public bool IsEphemeral { get; }

    /// <summary>The token of an appointment.</summary>
    public string For(Guid appointmentId) => Base64Url.EncodeToString(Mac(appointmentId));

    /// <summary>Whether <paramref name="presented"/> is the appointment's token; constant time.</summary>
    public bool Matches(Guid appointmentId, string? presented)
    {
        Span<byte> given = stackalloc byte[32];
        return presented is { Length: 43 }
            && Base64Url.TryDecodeFromChars(presented, given, out var written)
            && written == 32
            && CryptographicOperations.FixedTimeEquals(given, Mac(appointmentId));
    }

    private byte[] Mac(Guid appointmentId) => HMACSHA256.HashData(_key, appointmentId.ToByteArray());
}
