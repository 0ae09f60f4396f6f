using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Notifications;

/// <summary>"My appointments": a sign-in link by e-mail that works once, answers that reveal nothing, and limits.</summary>
[Collection(NotificationCollection.Name)]
public sealed partial class MyAppointmentsTests(NotificationFixture fx)
{
    [Fact]
    public async Task TheMailedLinkOpensTheAddresssAppointmentsOnceWithTokensThatOpenEachOne()
    {
        var email = NotificationFixture.Email();
        var (confirmed, _) = await fx.ConfirmedAsync(email);
        var (pending, _) = await fx.BookAsync(await fx.SlotAsync(), email);

        using (var asked = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments/link", new { email }))
        {
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }

        var mail = await fx.Smtp.WaitForAsync(email, m => m.Subject == "Your link to your appointments");
        var token = SignInLink().Match(mail.TextBody ?? "");
        Assert.True(token.Success, mail.TextBody);
        Assert.Contains(token.Value, mail.HtmlBody);

        using var opened = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments", new { token = token.Groups["token"].Value });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var list = await opened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email, list.GetProperty("email").GetString());
        Assert.Empty(list.GetProperty("past").EnumerateArray());
        var upcoming = list.GetProperty("upcoming").EnumerateArray().ToList();
        Assert.Equal(new[] { confirmed, pending }.Order(), upcoming.Select(a => a.GetProperty("id").GetGuid()).Order());
        Assert.Contains(upcoming, a => a.GetProperty("status").GetString() == "CONFIRMED" && a.GetProperty("doctor_name").GetString() == "Dr Notify Test");
        foreach (var item in upcoming)
        {
            using var reopened = await fx.Anonymous.GetAsync($"/api/appointments/{item.GetProperty("id").GetGuid()}?access_token={item.GetProperty("access_token").GetString()}");
            Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        }

        // Single use: the same link again is refused.
        using var again = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments", new { token = token.Groups["token"].Value });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("/problems/sign-in-link-invalid", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnUnknownAddressGetsTheSameAnswerAndNoLink()
    {
        var known = NotificationFixture.Email();
        await fx.BookAsync(await fx.SlotAsync(), known);
        var unknown = NotificationFixture.Email();

        using var forKnown = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments/link", new { email = known });
        using var forUnknown = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments/link", new { email = unknown });

        Assert.Equal(HttpStatusCode.Accepted, forKnown.StatusCode);
        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());
        Assert.Equal(1, await fx.Database.ScalarAsync("SELECT count(*) FROM sign_in_links WHERE email = @e", ("e", known)));
        Assert.Equal(0, await fx.Database.ScalarAsync("SELECT count(*) FROM sign_in_links WHERE email = @e", ("e", unknown)));
        await fx.Smtp.WaitForAsync(known, m => m.Subject == "Your link to your appointments");
        Assert.Empty(fx.Smtp.To(unknown));
    }

    [Fact]
    public async Task AForgedOrExpiredLinkIsRefusedAndAMissingTokenIsInvalid()
    {
        var email = NotificationFixture.Email();
        await fx.BookAsync(await fx.SlotAsync(), email);
        using (await fx.Anonymous.PostAsJsonAsync("/api/my-appointments/link", new { email }))
        {
        }

        var linkId = await LinkIdAsync(email);
        var signer = new AccessTokenSigner(Convert.FromBase64String(TestAuth.SigningKey), AccessTokenSigner.SignInLinkPurpose);
        await fx.Database.ExecuteAsync("UPDATE sign_in_links SET expires_at = now() - interval '1 second' WHERE id = @id", ("id", linkId));

        await AssertRefusedAsync(signer.LinkToken(linkId));
        await AssertRefusedAsync($"{linkId:N}.{new string('A', AccessTokenSigner.TokenLength)}");
        await AssertRefusedAsync(new AccessTokenSigner(Convert.FromBase64String(TestAuth.SigningKey), AccessTokenSigner.AppointmentPurpose).LinkToken(linkId));
        using var empty = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments", new { token = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var badEmail = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments/link", new { email = "not-an-address" });
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.True((await badEmail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task AnAddressGetsAtMostItsHourlyShareOfLinks()
    {
        var email = NotificationFixture.Email();
        await fx.BookAsync(await fx.SlotAsync(), email);

        for (var i = 0; i < 7; i++)
        {
            using var asked = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments/link", new { email });
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }

        Assert.Equal(5, await fx.Database.ScalarAsync("SELECT count(*) FROM sign_in_links WHERE email = @e", ("e", email)));
    }

    [Fact]
    public async Task RequestsAreRateLimitedPerClient()
    {
        await using var api = new ApiFactory(fx.Silo, new Dictionary<string, string> { ["RateLimit:SignInLinkPermits"] = "2" });
        using var client = api.Anonymous();
        var email = NotificationFixture.Email();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/my-appointments/link", new { email });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    private async Task AssertRefusedAsync(string token)
    {
        using var response = await fx.Anonymous.PostAsJsonAsync("/api/my-appointments", new { token });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("/problems/sign-in-link-invalid", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    private async Task<Guid> LinkIdAsync(string email)
    {
        await using var command = fx.Database.DataSource.CreateCommand("SELECT id FROM sign_in_links WHERE email = @e");
        command.Parameters.AddWithValue("e", email);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:5080/my-appointments#token=(?<token>[0-9a-f]{32}\.[A-Za-z0-9_-]{43})")]
    private static partial Regex SignInLink();
}
