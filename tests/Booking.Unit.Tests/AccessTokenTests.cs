using Booking.Api.Security;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Options;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Booking.Unit.Tests;

/// <summary>The token derivation the Api and the silo share: old appointment tokens stay valid, purposes never mix.</summary>
public sealed class AccessTokenTests
{
    private static readonly byte[] Key = Convert.FromBase64String("kcelFLDGXc8vKTZn7nC9ck1/94ZXK50M5vuli81tRVI=");

    [Fact]
    public void AppointmentTokensAreTheSameAsBeforeTheDerivationMovedToOnePlace()
    {
        var id = Guid.Parse("0193a2b4-0000-7000-8000-000000000042");

        // The derivation as the Api wrote it before: base64url(HMAC(HMAC(signing key, purpose), id bytes)).
        var key = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("booking/appointment-access-token/v1"));
        var before = Base64Url.EncodeToString(HMACSHA256.HashData(key, id.ToByteArray()));

        var api = new AppointmentTokens(Options.Create(new AuthOptions { SigningKey = Convert.ToBase64String(Key) }));
        Assert.Equal(before, api.For(id));
        Assert.Equal(before, new AccessTokenSigner(Key, AccessTokenSigner.AppointmentPurpose).For(id));
        Assert.True(api.Matches(id, before));
    }

    [Theory]
    [InlineData('B')] // not canonical: the last of 43 characters carries two bits that must be zero
    [InlineData('!')] // not base64url at all
    [InlineData('=')]
    [InlineData('+')]
    public void ATokenOfTheRightLengthButNotBase64UrlIsRefusedNotAnError(char filler)
    {
        var tokens = new AccessTokenSigner(Key, AccessTokenSigner.AppointmentPurpose);
        var id = Guid.NewGuid();
        var presented = new string(filler, tokens.For(id).Length);

        Assert.False(tokens.Matches(id, presented));
        Assert.Null(tokens.ReadLinkToken($"{id:N}.{presented}"));
    }

    [Fact]
    public void ALinkTokenNamesItsIdAndRefusesTamperingAndOtherPurposes()
    {
        var links = new AccessTokenSigner(Key, AccessTokenSigner.SignInLinkPurpose);
        var id = Guid.NewGuid();
        var token = links.LinkToken(id);

        Assert.Equal(id, links.ReadLinkToken(token));
        foreach (var last in new[] { 'A', 'B', 'w', '_', '!' })
        {
            if (last != token[^1])
            {
                Assert.Null(links.ReadLinkToken(token[..^1] + last));
            }
        }
        Assert.Null(links.ReadLinkToken($"{Guid.NewGuid():N}{token[32..]}"));
        Assert.Null(new AccessTokenSigner(Key, AccessTokenSigner.AppointmentPurpose).ReadLinkToken(token));
        Assert.Null(new AccessTokenSigner(RandomNumberGenerator.GetBytes(32), AccessTokenSigner.SignInLinkPurpose).ReadLinkToken(token));
        Assert.Null(links.ReadLinkToken(null));
        Assert.Null(links.ReadLinkToken("not a token"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("kcelFLDGXc8vKTZn7nC9ck1/94ZXK50M5vuli81tRVI=", true)]
    [InlineData("c2hvcnQ=", false)]
    [InlineData("not base64!", false)]
    public void ASigningKeyIsUnsetOrAtLeast32Bytes(string? key, bool valid) => Assert.Equal(valid, AccessTokenSigner.IsValidKey(key));
}
