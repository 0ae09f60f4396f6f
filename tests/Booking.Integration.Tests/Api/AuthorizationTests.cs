using Booking.Api.Security;
using Booking.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>Who may call what: every endpoint, allowed and denied.</summary>
[Collection(QuietApiCollection.Name)]
public sealed class AuthorizationTests(QuietApiFixture fixture)
{
    private HttpClient Anonymous => fixture.Anonymous;

    public static TheoryData<string, string> AdminEndpoints => new()
    {
        { "POST", "/api/doctors" },
        { "PUT", "/api/doctors/{doctor}" },
        { "DELETE", "/api/doctors/{doctor}" },
        { "POST", "/api/slots" },
        { "DELETE", "/api/slots/{slot}" },
        { "GET", "/api/appointments" },
        { "GET", "/api/doctors/{doctor}/working-hours" },
        { "PUT", "/api/doctors/{doctor}/working-hours" },
        { "POST", "/api/doctors/{doctor}/working-hours/preview" },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task AnAdminEndpointRefusesACallerWithoutATokenWith401AndChangesNothing(string method, string template)
    {
        var request = await AdminRequestAsync(method, template);
        var before = await fixture.Database.SnapshotAsync();

        using var response = await Anonymous.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized, "/problems/unauthorized");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("/api/auth/token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Database.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task AnAdminEndpointRefusesTokensThatAreNotAValidAdminToken(string method, string template)
    {
        (string Token, HttpStatusCode Status)[] tokens =
        [
            (Mint(TestAuth.SigningKey, "patient"), HttpStatusCode.Forbidden),
            (Mint(Convert.ToBase64String(new byte[32]), AuthOptions.AdminRole), HttpStatusCode.Unauthorized),
            (Mint(TestAuth.SigningKey, AuthOptions.AdminRole, issuedAt: DateTime.UtcNow.AddHours(-3)), HttpStatusCode.Unauthorized),
            (Mint(TestAuth.SigningKey, AuthOptions.AdminRole, audience: "someone-else"), HttpStatusCode.Unauthorized),
            ("not.a.jwt", HttpStatusCode.Unauthorized),
        ];
        foreach (var (token, status) in tokens)
        {
            var request = await AdminRequestAsync(method, template);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var before = await fixture.Database.SnapshotAsync();

            using var response = await Anonymous.SendAsync(request);

            await ProblemAsync(response, status, status == HttpStatusCode.Forbidden ? "/problems/forbidden" : "/problems/unauthorized");
            Assert.Equal(before, await fixture.Database.SnapshotAsync());
        }
    }

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task AnAdminEndpointServesAnAdminToken(string method, string template)
    {
        var request = await AdminRequestAsync(method, template);

        using var response = await fixture.Http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"{method} {template} as admin gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task PublicEndpointsServeACallerWithoutAToken()
    {
        var slot = (await fixture.SlotsAsync(1))[0];
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        foreach (var path in new[] { "/api/doctors", $"/api/doctors/{doctorId}", $"/api/slots?doctor_id={doctorId}", $"/api/slots/{slot.GetProperty("id").GetGuid()}" })
        {
            using var response = await Anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} gave {(int)response.StatusCode}");
        }

        using var booked = await BookAsync(slot.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
    }

    [Fact]
    public async Task TheBookingAnswerCarriesAnAccessTokenThatOpensOnlyItsOwnAppointment()
    {
        var slots = await fixture.Admin.SlotIdsAsync(2);
        var (id, token) = await BookedAsync(slots[0]);
        var (otherId, otherToken) = await BookedAsync(slots[1]);

        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length >= 16, "the token has fewer than 128 bits");
        Assert.NotEqual(token, otherToken);
        Assert.False(await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE row_to_json(appointments)::text LIKE '%' || @t || '%'", ("t", token)) > 0,
            "the raw access token is stored in the appointments table");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, $"/api/appointments/{id}", token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, $"/api/appointments/{id}?access_token={token}", header: null));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Get, $"/api/appointments/{id}", header: null));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Get, $"/api/appointments/{id}", otherToken));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Get, $"/api/appointments/{otherId}", token));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Get, $"/api/appointments/{id}", new string('!', token.Length)));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync($"/api/appointments/{id}")).StatusCode);
    }

    [Fact]
    public async Task AWrongTokenReadsExactlyLikeAnUnknownAppointment()
    {
        var (id, _) = await BookedAsync(await fixture.SlotAsync());
        var unknown = Guid.NewGuid();

        using var wrong = await SendAsync(HttpMethod.Get, $"/api/appointments/{id}", "wrong-token");
        using var missing = await SendAsync(HttpMethod.Get, $"/api/appointments/{unknown}", "wrong-token");

        var wrongProblem = await ProblemAsync(wrong, HttpStatusCode.NotFound, "/problems/not-found");
        var missingProblem = await ProblemAsync(missing, HttpStatusCode.NotFound, "/problems/not-found");
        Assert.Equal(wrongProblem.GetProperty("title").GetString(), missingProblem.GetProperty("title").GetString());
        Assert.Equal(wrongProblem.GetProperty("detail").GetString()!.Replace(id.ToString(), "ID", StringComparison.Ordinal),
            missingProblem.GetProperty("detail").GetString()!.Replace(unknown.ToString(), "ID", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("confirm", "CONFIRMED")]
    [InlineData("cancel", "CANCELLED")]
    public async Task ChangingAnAppointmentNeedsItsTokenOrAnAdminAndIs403WithoutAndChangesNothing(string action, string status)
    {
        var slots = await fixture.Admin.SlotIdsAsync(2);
        var (id, token) = await BookedAsync(slots[0]);
        var (_, otherToken) = await BookedAsync(slots[1]);

        // The last two: a token's length, but not base64url at all, or with bits that base64url must leave zero.
        foreach (var header in new[] { null, "wrong", otherToken, new string('!', token.Length), new string('B', token.Length) })
        {
            var before = await fixture.Database.SnapshotAsync();
            using var refused = await SendAsync(HttpMethod.Put, $"/api/appointments/{id}/{action}", header);
            await ProblemAsync(refused, HttpStatusCode.Forbidden, "/problems/forbidden");
            Assert.Equal(before, await fixture.Database.SnapshotAsync());
        }

        using var unknown = await SendAsync(HttpMethod.Put, $"/api/appointments/{Guid.NewGuid()}/{action}", token);
        await ProblemAsync(unknown, HttpStatusCode.Forbidden, "/problems/forbidden");

        using var done = await SendAsync(HttpMethod.Put, $"/api/appointments/{id}/{action}", token);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(status, (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var (adminId, _) = await BookedAsync(await fixture.SlotAsync());
        using var byAdmin = await fixture.Http.PutAsync($"/api/appointments/{adminId}/{action}", null);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
    }

    [Fact]
    public async Task AnIdempotentReplayOfABookingHandsOutTheSameAccessToken()
    {
        var slotId = await fixture.SlotAsync();
        var key = Guid.NewGuid().ToString("N");

        var first = await BookWithKeyAsync(slotId, key);
        var replay = await BookWithKeyAsync(slotId, key);

        Assert.Equal(first.GetProperty("id").GetGuid(), replay.GetProperty("id").GetGuid());
        Assert.Equal(first.GetProperty("access_token").GetString(), replay.GetProperty("access_token").GetString());
        var read = await (await SendAsync(HttpMethod.Get, $"/api/appointments/{first.GetProperty("id").GetGuid()}", replay.GetProperty("access_token").GetString()))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(read.TryGetProperty("access_token", out _), "a read hands the token out again");
    }

    [Fact]
    public async Task TheDevAdminSignsInWithThePasswordAndTheTokenOpensTheAdminEndpoints()
    {
        using var response = await Anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = TestAuth.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/appointments");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.SendAsync(list)).StatusCode);
    }

    [Theory]
    [InlineData("admin", "wrong-password", HttpStatusCode.Unauthorized, "/problems/invalid-credentials")]
    [InlineData("root", TestAuth.AdminPassword, HttpStatusCode.Unauthorized, "/problems/invalid-credentials")]
    [InlineData("admin", "", HttpStatusCode.BadRequest, "/problems/validation-error")]
    [InlineData(null, TestAuth.AdminPassword, HttpStatusCode.BadRequest, "/problems/validation-error")]
    public async Task SignInWithWrongOrMissingCredentialsIsRefused(string? username, string password, HttpStatusCode status, string type)
    {
        using var response = await Anonymous.PostAsJsonAsync("/api/auth/token", new { username, password });

        var problem = await ProblemAsync(response, status, type);
        Assert.DoesNotContain(TestAuth.AdminPassword, problem.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>A token signed with <paramref name="key"/>, carrying <paramref name="role"/>.</summary>
    private static string Mint(string key, string role, DateTime? issuedAt = null, string audience = "booking-api")
    {
        var at = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "booking-api",
            Audience = audience,
            IssuedAt = at,
            NotBefore = at,
            Expires = at.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", "someone"), new Claim("role", role), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A request to an admin endpoint that the admin would succeed with, on things of its own.</summary>
    private async Task<HttpRequestMessage> AdminRequestAsync(string method, string template)
    {
        var slot = (await fixture.SlotsAsync(1))[0];
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        var path = template.Replace("{doctor}", doctorId.ToString(), StringComparison.Ordinal).Replace("{slot}", slot.GetProperty("id").GetString(), StringComparison.Ordinal);
        object? body = (method, template) switch
        {
            (_, "/api/doctors/{doctor}/working-hours" or "/api/doctors/{doctor}/working-hours/preview") when method != "GET" =>
                new { slot_minutes = 30, weekly = new[] { new { weekday = "monday", start_time = "09:00", end_time = "10:00" } } },
            ("POST", "/api/doctors") or ("PUT", _) => new
            {
                name = "Dr Authorized", specialization = "Cardiology", email = $"auth-{Guid.NewGuid():N}@example.com", phone = "+1 555 0100", time_zone = "UTC",
            },
            ("POST", "/api/slots") => new { doctor_id = doctorId, date = ApiFixture.FutureDate, time = "18:00" },
            _ => null,
        };
        return new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
    }

    private Task<HttpResponseMessage> BookAsync(Guid slotId) => new PatientApi(Anonymous).BookAsync(slotId);

    private async Task<(Guid Id, string Token)> BookedAsync(Guid slotId)
    {
        var booked = await new PatientApi(Anonymous).BookedAsync(slotId);
        return (booked.Id, booked.Token);
    }

    private async Task<JsonElement> BookWithKeyAsync(Guid slotId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/appointments/book")
        {
            Content = JsonContent.Create(new { slot_id = slotId, patient_name = "Pat", patient_email = "pat@example.com", patient_phone = "+1 555 0101" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? header)
    {
        var request = new HttpRequestMessage(method, path);
        if (header is not null)
        {
            request.Headers.Add(AppointmentTokens.Header, header);
        }

        return Anonymous.SendAsync(request);
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? header)
    {
        using var response = await SendAsync(method, path, header);
        return response.StatusCode;
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
