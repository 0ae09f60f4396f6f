using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Booking.Api.Security;

/// <summary>Checks the dev admin's password and mints admin JWTs (HMAC-SHA256, role <c>admin</c>).</summary>
public sealed class AdminTokens(IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>Whether sign-in works here: a signing key and an admin password are configured.</summary>
    public bool CanSignIn => options.Value.SigningKeyBytes() is not null && options.Value.AdminPassword is not null;

    /// <summary>How long a minted token is valid.</summary>
    public TimeSpan Lifetime => options.Value.TokenLifetime;

    /// <summary>Whether the user name and password are the admin's; constant time in both.</summary>
    public bool IsAdmin(string userName, string password)
    {
        // Both comparisons always run, over fixed-length digests, so timing tells nothing about either.
        var userOk = CryptographicOperations.FixedTimeEquals(Digest(userName), Digest(AuthOptions.AdminUserName));
        var passwordOk = CryptographicOperations.FixedTimeEquals(Digest(password), Digest(options.Value.AdminPassword ?? ""));
        return userOk & passwordOk & options.Value.AdminPassword is not null;
    }

    /// <summary>A new admin JWT.</summary>
    public string Mint()
    {
        var auth = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.TokenLifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", AuthOptions.AdminUserName),
                new Claim("role", AuthOptions.AdminRole),
                new Claim("jti", Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(auth.SigningKeyBytes()), SecurityAlgorithms.HmacSha256),
        });
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
