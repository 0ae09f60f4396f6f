using Booking.Integration.Tests.Infrastructure;
using System.Text;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// A keep-alive client (a browser, a mobile SDK, HttpClient) sends its next request on the same connection. An answer
/// given before the request body was read must leave that connection usable (the body is drained), or say
/// <c>Connection: close</c> and close it cleanly (RFC 9112 section 9.6). Real sockets: Kestrel, not the test server.
/// </summary>
[Collection(QuietApiCollection.Name)]
public sealed class KeepAliveTests(QuietApiFixture fixture) : IAsyncLifetime
{
    /// <summary>Over the 64 KiB default body limit, but small enough that the server drains it.</summary>
    private const int OversizedBytes = 100_000;

    private ApiFactory _api = null!;
    private Uri _server = null!;

    public Task InitializeAsync()
    {
        _api = new ApiFactory(fixture.Silo, new Dictionary<string, string> { ["RateLimit:BookingPermits"] = "1", ["RateLimit:Window"] = "01:00:00" });
        _server = _api.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public static TheoryData<string> EarlyAnswers => ["413 oversized", "401 no token", "415 not json", "429 rate limited"];

    [Theory]
    [MemberData(nameof(EarlyAnswers))]
    public async Task AnAnswerGivenBeforeTheBodyWasReadLeavesTheConnectionUsableForTheNextRequest(string answer)
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server);
        var (status, path, headers, body) = answer switch
        {
            "413 oversized" => (413, "/api/doctors", Admin(Json), Body(OversizedBytes)),
            "401 no token" => (401, "/api/doctors", Json, Body(40_000)),
            "415 not json" => (415, "/api/doctors", Admin(["Content-Type: text/plain"]), Body(40_000)),
            _ => (429, "/api/appointments/book", Json, Body(40_000)),
        };
        if (status == 429)
        {
            // The one booking this client may make in the window: refused as invalid, and counted.
            await connection.SendAsync("POST", path, Json, Encoding.UTF8.GetBytes("{\"slot_id\":\"x\"}"));
            Assert.Equal(400, (await connection.ReadResponseAsync()).Status);
        }

        await connection.SendAsync("POST", path, headers, body);
        var refused = await connection.ReadResponseAsync();

        Assert.Equal(status, refused.Status);
        Assert.StartsWith("/problems/", JsonDocument.Parse(refused.Body).RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(refused.Closes, $"{status} closed the connection although its body could be drained");

        await connection.SendAsync("GET", "/health/live");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task ABodyTooLargeToDrainIsRefusedWithConnectionCloseAndTheConnectionIsClosedCleanly()
    {
        // 50 MB announced, 1 KB sent: the server answers at once and must not wait for (or read) the rest.
        await AssertRefusedWithConnectionCloseAsync(413, c => c.SendAsync("POST", "/api/doctors", Admin(Json), Body(1024), contentLength: 50_000_000));
    }

    [Theory]
    [InlineData(413, true)]
    [InlineData(401, false)]
    public async Task AnOversizedChunkedBodyIsRefusedWithConnectionCloseAndTheConnectionIsClosedCleanly(int status, bool admin)
    {
        // 413: found while the endpoint reads the body; 401: answered before anything reads it.
        await AssertRefusedWithConnectionCloseAsync(status, c => c.SendChunkedAsync("POST", "/api/doctors", admin ? Admin(Json) : Json, Body(OversizedBytes)));
    }

    /// <summary>
    /// Sends a request on a new connection: the answer must be <paramref name="status"/> with <c>Connection: close</c>,
    /// the server must then close the connection cleanly, and a fresh connection (as the client then opens) must serve.
    /// </summary>
    private async Task AssertRefusedWithConnectionCloseAsync(int status, Func<RawHttpConnection, Task> send)
    {
        await using (var connection = await RawHttpConnection.OpenAsync(_server))
        {
            await send(connection);
            var refused = await connection.ReadResponseAsync();

            Assert.Equal(status, refused.Status);
            Assert.True(refused.Closes, $"a {status} whose body is not drained must say Connection: close");
            Assert.True(await connection.ServerClosedAsync(TimeSpan.FromSeconds(30)), "the server kept the connection open after Connection: close");
        }

        await using var fresh = await RawHttpConnection.OpenAsync(_server);
        await fresh.SendAsync("GET", "/health/live");
        Assert.Equal(200, (await fresh.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task AKeepAliveHttpClientSeesNoFailureAcrossRepeatedOversizedBodies()
    {
        // One connection at most: every request after a 413 travels on the connection the 413 came back on, or on a
        // fresh one if the server said Connection: close; either way no request may fail.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = _server };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestAuth.AdminToken());
        for (var i = 0; i < 20; i++)
        {
            using var big = await http.PostAsync("/api/doctors", new ByteArrayContent(Body(OversizedBytes)) { Headers = { ContentType = new("application/json") } });
            Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
            using var next = await http.GetAsync("/api/doctors?search=nobody-" + i);
            Assert.Equal(System.Net.HttpStatusCode.OK, next.StatusCode);
        }
    }

    private static readonly string[] Json = ["Content-Type: application/json"];

    private static string[] Admin(string[] headers) => [.. headers, "Authorization: Bearer " + TestAuth.AdminToken()];

    /// <summary>A JSON doctor whose name makes the body <paramref name="bytes"/> long.</summary>
    private static byte[] Body(int bytes)
    {
        const string Head = "{\"name\":\"";
        const string Tail = "\",\"specialization\":\"x\",\"email\":\"big@example.com\",\"phone\":\"+1 555 0100\"}";
        return Encoding.UTF8.GetBytes(Head + new string('n', bytes - Head.Length - Tail.Length) + Tail);
    }
}
