using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Booking.Grains.Interfaces;

/// <summary>
/// Unguessable tokens that open one thing by its id: base64url(HMAC-SHA256(K, id)), where K is derived from the
/// deployment's signing key (<c>Auth:SigningKey</c>) and a purpose, so a token made for one purpose never opens
/// another. Nothing is stored: whoever holds the signing key recomputes a token from the id. The Api checks
/// appointment tokens with it; the silo puts the same tokens into the links it mails. Depends on the BCL only.
/// </summary>
public sealed class AccessTokenSigner
{
    /// <summary>The purpose of appointment access tokens (the booking answer's <c>access_token</c>).</summary>
    public const string AppointmentPurpose = "booking/appointment-access-token/v1";

    /// <summary>The purpose of the single-use "my appointments" sign-in links.</summary>
    public const string SignInLinkPurpose = "booking/sign-in-link/v1";

    /// <summary>The length of a token in characters (32 bytes, base64url without padding).</summary>
    public const int TokenLength = 43;

    /// <summary>The fewest random bytes a signing key must have.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>What start-up says about a signing key that <see cref="IsValidKey"/> refuses.</summary>
    public const string InvalidKeyMessage = "Auth:SigningKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).";

    private readonly byte[] _key;

    /// <param name="signingKey">The decoded signing key (random bytes).</param>
    /// <param name="purpose">What the tokens open; tokens of different purposes never match each other.</param>
    public AccessTokenSigner(byte[] signingKey, string purpose)
    {
        _key = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(purpose));
    }

    /// <summary>The token of <paramref name="id"/>.</summary>
    public string For(Guid id) => Base64Url.EncodeToString(Mac(id));

    /// <summary>
    /// Whether <paramref name="presented"/> is the token of <paramref name="id"/>; constant time. Anything else, however
    /// malformed (characters outside base64url, a non-canonical last character), is simply not it.
    /// </summary>
    public bool Matches(Guid id, string? presented)
    {
        Span<byte> given = stackalloc byte[32];
        // DecodeFromChars reports bad input as a status; TryDecodeFromChars would throw FormatException for it.
        return presented is { Length: TokenLength }
            && Base64Url.DecodeFromChars(presented, given, out _, out var written) == OperationStatus.Done
            && written == 32
            && CryptographicOperations.FixedTimeEquals(given, Mac(id));
    }

    /// <summary>
    /// A self-contained link token: the id and its token, <c>{id:N}.{token}</c>, for links that must name what
    /// they open without a second parameter (the sign-in link).
    /// </summary>
    public string LinkToken(Guid id) => $"{id:N}.{For(id)}";

    /// <summary>The id a <see cref="LinkToken"/> names, when its token matches; null for anything else.</summary>
    public Guid? ReadLinkToken(string? presented)
    {
        if (presented is not { Length: 32 + 1 + TokenLength } || presented[32] != '.'
            || !Guid.TryParseExact(presented.AsSpan(0, 32), "N", out var id))
        {
            return null;
        }

        return Matches(id, presented[33..]) ? id : null;
    }

    /// <summary>A configured signing key (base64) decoded; null when none is configured.</summary>
    public static byte[]? DecodeKey(string? base64) => string.IsNullOrWhiteSpace(base64) ? null : Convert.FromBase64String(base64.Trim());

    /// <summary>True when <paramref name="base64"/> is unset, or base64 of at least <see cref="MinimumKeyBytes"/> bytes.</summary>
    public static bool IsValidKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return true;
        }

        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var length) && length >= MinimumKeyBytes;
    }

    private byte[] Mac(Guid id) => HMACSHA256.HashData(_key, id.ToByteArray());
}
