using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Booking.Integration.Tests.Api;

/// <summary>Rate limits, CORS, security headers, request limits, and admin access failing closed without a key.</summary>
[Collection(QuietApiCollection.Name)]
public sealed class HardeningTests(QuietApiFixture fixture)
{
    private const string ExemptKey = "load-tool-exemption-key";

    /// <summary>Small limits, and windows long enough that none ends during a test.</summary>
    private static readonly Dictionary<string, string> Tight = new()
    {
        ["RateLimit:BookingPermits"] = "3",
        ["RateLimit:AdminWritePermits"] = "2",
        ["RateLimit:SignInPermits"] = "2",
        ["RateLimit:Window"] = "01:00:00",
        ["RateLimit:ExemptKey"] = ExemptKey,
    };

    [Fact]
    public async Task BookingsBeyondTheLimitAre429WithRetryAfterAndAProblemUnlessExempt()
    {
        await using var api = new ApiFactory(fixture.Silo, Tight);
        using var http = api.Anonymous();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await http.PostAsJsonAsync("/api/appointments/book", new { slot_id = "not-a-uuid" });
            Assert.Equal(HttpStatusCode.BadRequest, allowed.StatusCode);
        }

        // Even a valid booking of a free slot is refused, and books nothing.
        var slotId = await fixture.SlotAsync();
        using var limited = await http.PostAsJsonAsync("/api/appointments/book", new { slot_id = slotId, patient_name = "Pat", patient_email = "p@example.com", patient_phone = "+1 555 0101" });
        await AuthorizationTests.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "/problems/rate-limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After in seconds");
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));

        using var wrongKey = new HttpRequestMessage(HttpMethod.Post, "/api/appointments/book") { Content = JsonContent.Create(new { slot_id = "x" }) };
        wrongKey.Headers.Add("X-RateLimit-Exempt", "not-the-key");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(wrongKey)).StatusCode);

        using var exempt = new HttpRequestMessage(HttpMethod.Post, "/api/appointments/book") { Content = JsonContent.Create(new { slot_id = "x" }) };
        exempt.Headers.Add("X-RateLimit-Exempt", ExemptKey);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(exempt)).StatusCode);

        // Reads are not limited.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/doctors")).StatusCode);
    }

    [Fact]
    public async Task AdminWritesAreLimitedPerToken()
    {
        await using var api = new ApiFactory(fixture.Silo, Tight);
        using var first = api.Admin();
        using var second = api.Admin();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await first.PostAsJsonAsync("/api/doctors", new { name = "" })).StatusCode);
        }

        using var limited = await first.PostAsJsonAsync("/api/doctors", new { name = "" });
        await AuthorizationTests.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "/problems/rate-limited");
        Assert.Equal(HttpStatusCode.BadRequest, (await second.PostAsJsonAsync("/api/doctors", new { name = "" })).StatusCode);
    }

    [Fact]
    public async Task SignInAttemptsAreLimited()
    {
        await using var api = new ApiFactory(fixture.Silo, Tight);
        using var http = api.Anonymous();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = $"guess-number-{i}" })).StatusCode);
        }

        using var limited = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = TestAuth.AdminPassword });
        await AuthorizationTests.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "/problems/rate-limited");
    }

    [Fact]
    public async Task WithoutASigningKeyAdminEndpointsRefuseEveryoneAndSayWhy()
    {
        await using var api = new ApiFactory(fixture.Silo, new Dictionary<string, string> { ["Auth:SigningKey"] = "", ["Auth:AdminPassword"] = "" });
        using var admin = api.Admin();
        using var anonymous = api.Anonymous();

        var refused = await AuthorizationTests.ProblemAsync(await admin.GetAsync("/api/appointments"), HttpStatusCode.Unauthorized, "/problems/unauthorized");
        Assert.Contains("Auth:SigningKey", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AuthorizationTests.ProblemAsync(
            await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = TestAuth.AdminPassword }),
            HttpStatusCode.ServiceUnavailable, "/problems/auth-not-configured");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/doctors")).StatusCode);
    }

    [Fact]
    public async Task APreflightFromTheWebAppIsAllowedWithoutCredentialsAndOneFromElsewhereIsNot()
    {
        using var allowed = await PreflightAsync("http://127.0.0.1:5173");
        Assert.Equal("http://127.0.0.1:5173", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains("PUT", Header(allowed, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("x-appointment-token", Header(allowed, "Access-Control-Allow-Headers")!.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Null(Header(allowed, "Access-Control-Allow-Credentials"));

        using var refused = await PreflightAsync("https://evil.example");
        Assert.Null(Header(refused, "Access-Control-Allow-Origin"));

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/doctors");
        get.Headers.Add("Origin", "https://evil.example");
        using var answer = await fixture.Anonymous.SendAsync(get);
        Assert.Null(Header(answer, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TheAllowedOriginsComeFromConfiguration()
    {
        await using var api = new ApiFactory(fixture.Silo, new Dictionary<string, string> { ["Cors:AllowedOrigins"] = "https://booking.example" });
        using var http = api.Anonymous();

        using var configured = await PreflightAsync("https://booking.example", http);
        using var dropped = await PreflightAsync("http://127.0.0.1:5173", http);

        Assert.Equal("https://booking.example", Header(configured, "Access-Control-Allow-Origin"));
        Assert.Null(Header(dropped, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("GET", "/api/doctors", false)]
    [InlineData("GET", "/api/doctors/not-a-uuid", false)]
    [InlineData("GET", "/api/nothing-here", false)]
    [InlineData("PATCH", "/api/doctors", false)]
    [InlineData("GET", "/api/appointments", false)]
    [InlineData("GET", "/health/live", false)]
    [InlineData("GET", "/openapi/v1.json", false)]
    [InlineData("GET", "/scalar", true)]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string method, string path, bool relaxed)
    {
        using var response = await fixture.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.NotNull(csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        var scripts = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Equal(relaxed, scripts.Contains("'unsafe-inline'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheApiReferencePageStillRendersUnderItsPolicy()
    {
        using var response = await fixture.Anonymous.GetAsync("/scalar");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Every external script it loads is same-origin (the policy has no other script source).
        Assert.DoesNotMatch(@"<script[^>]+src=""https?://", html);
    }

    [Fact]
    public async Task ABodyOverTheSizeLimitIs413AndChangesNothing()
    {
        var before = await fixture.Database.SnapshotAsync();

        using var response = await fixture.Http.PostAsJsonAsync("/api/doctors", new { name = new string('n', 100_000), specialization = "x", email = "big@example.com", phone = "+1 555 0100" });

        await AuthorizationTests.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "/problems/payload-too-large");
        Assert.Equal(before, await fixture.Database.SnapshotAsync());
    }

    [Theory]
    [InlineData(20)]
    [InlineData(1000)]
    public async Task JsonNestedDeeperThanTheLimitIsRefused(int depth)
    {
        var body = "{\"name\":" + new string('[', depth) + new string(']', depth) + "}";

        using var response = await fixture.Http.PostAsync("/api/doctors", new StringContent(body, Encoding.UTF8, "application/json"));

        await AuthorizationTests.ProblemAsync(response, HttpStatusCode.BadRequest, "/problems/malformed-json");
    }

    [Fact]
    public async Task ADuplicateKeyIsRefusedRatherThanTheLastOneWinning()
    {
        var slotId = await fixture.SlotAsync();
        var body = $$"""{"slot_id":"{{Guid.NewGuid()}}","slot_id":"{{slotId}}","patient_name":"Pat","patient_email":"p@example.com","patient_phone":"+1 555 0101"}""";

        using var response = await fixture.Anonymous.PostAsync("/api/appointments/book", new StringContent(body, Encoding.UTF8, "application/json"));

        await AuthorizationTests.ProblemAsync(response, HttpStatusCode.BadRequest, "/problems/malformed-json");
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin, HttpClient? http = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/appointments/book");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-appointment-token");
        return await (http ?? fixture.Anonymous).SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}

/// <summary>The validation rules are in the OpenAPI document: lengths, formats, required fields.</summary>
[Collection(QuietApiCollection.Name)]
public sealed class OpenApiRulesTests(QuietApiFixture fixture)
{
    [Fact]
    public async Task TheOpenApiDocumentStatesTheValidationRulesOfTheBookingBody()
    {
        var document = await fixture.Anonymous.GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json");
        var booking = document.GetProperty("components").GetProperty("schemas").GetProperty("BookingRequest");
        var properties = booking.GetProperty("properties");

        Assert.Equal(new[] { "patient_email", "patient_name", "patient_phone" }, booking.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order().ToArray());
        Assert.Equal(255, properties.GetProperty("patient_name").GetProperty("maxLength").GetInt32());
        Assert.Equal(2000, properties.GetProperty("reason").GetProperty("maxLength").GetInt32());
        Assert.Equal(255, properties.GetProperty("patient_email").GetProperty("maxLength").GetInt32());
        Assert.Matches(properties.GetProperty("patient_phone").GetProperty("pattern").GetString()!, "+1 555 0100");
        Assert.Matches(properties.GetProperty("appointment_date").GetProperty("pattern").GetString()!, "2027-03-01");
        Assert.DoesNotMatch(properties.GetProperty("appointment_time").GetProperty("pattern").GetString()!, "25:61");
    }
}
