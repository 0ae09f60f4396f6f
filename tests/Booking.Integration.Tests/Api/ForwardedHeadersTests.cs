using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// The per-IP booking limit behind a proxy, over real HTTP (Kestrel on loopback, so every request comes from 127.0.0.1,
/// as from a proxy on the same host): X-Forwarded-For is believed only from a configured trusted proxy.
/// </summary>
[Collection(QuietApiCollection.Name)]
public sealed class ForwardedHeadersTests(QuietApiFixture fixture)
{
    private const int Permits = 3;

    [Fact]
    public async Task BehindATrustedProxyEachClientHasItsOwnBookingLimitAndCannotPoseAsAnother()
    {
        await using var api = new ApiFactory(fixture.Silo, Settings(("ForwardedHeaders:KnownProxies", "127.0.0.1")));
        using var http = OverHttp(api);

        for (var i = 0; i < Permits; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await BookAsync(http, "203.0.113.10"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await BookAsync(http, "203.0.113.10"));

        // Client A names client B itself; the proxy appends the address it saw, and only that entry is believed.
        Assert.Equal(HttpStatusCode.TooManyRequests, await BookAsync(http, "203.0.113.20, 203.0.113.10"));
        Assert.Equal(HttpStatusCode.BadRequest, await BookAsync(http, "203.0.113.20"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("10.9.9.9", null)]
    [InlineData(null, "10.9.0.0/16")]
    public async Task FromAnAddressThatIsNotATrustedProxyXForwardedForIsIgnored(string? proxies, string? networks)
    {
        var settings = Settings(("ForwardedHeaders:KnownProxies", proxies ?? ""), ("ForwardedHeaders:KnownNetworks", networks ?? ""));
        await using var api = new ApiFactory(fixture.Silo, settings);
        using var http = OverHttp(api);

        for (var i = 0; i < Permits; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await BookAsync(http, $"203.0.113.{i + 1}"));
        }

        // A new address in the header every time: still one client (127.0.0.1), and its limit is used up.
        Assert.Equal(HttpStatusCode.TooManyRequests, await BookAsync(http, "203.0.113.99"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await BookAsync(http, null));
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "not-an-address")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0")]
    public void AProxySettingThatIsNotAnAddressStopsTheStart(string key, string value)
    {
        using var api = new ApiFactory(fixture.Silo, Settings((key, value)));

        var refused = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains(key, refused.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["RateLimit:BookingPermits"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimit:Window"] = "01:00:00",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts the Api on Kestrel at a free loopback port; a client of it.</summary>
    private static HttpClient OverHttp(ApiFactory api)
    {
        var port = Ports.Free();
        api.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        api.StartServer();
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>A booking with a body the Api refuses (400), which still counts against the limit; with X-Forwarded-For when given.</summary>
    private static async Task<HttpStatusCode> BookAsync(HttpClient http, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/appointments/book") { Content = JsonContent.Create(new { slot_id = "not-a-uuid" }) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
