using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// The Api refuses to start with a setting out of its range, and says which: whether the value is read before the
/// container exists (Kestrel's body limit, the Orleans client) or checked when the host starts.
/// </summary>
[Collection(QuietApiCollection.Name)]
public sealed class ApiSettingsTests(QuietApiFixture fixture)
{
    [Theory]
    [InlineData("Limits:MaxRequestBodyBytes", "10")]
    [InlineData("Orleans:ResponseTimeout", "00:00:00")]
    [InlineData("Telemetry:TraceSampleRatio", "2")]
    [InlineData("RateLimit:Window", "00:00:00")]
    [InlineData("Cors:AllowedOrigins", "booking.example")]
    [InlineData("Auth:TokenLifetime", "00:00:01")]
    public void AnInvalidSettingStopsTheStartNamingIt(string key, string value)
    {
        using var api = new ApiFactory(fixture.Silo, new Dictionary<string, string> { [key] = value });

        var refused = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains(key, refused.ToString(), StringComparison.Ordinal);
    }
}
