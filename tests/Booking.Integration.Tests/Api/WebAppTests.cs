using Booking.Integration.Tests.Infrastructure;
using System.Net;

namespace Booking.Integration.Tests.Api;

/// <summary>The Api serves the built web app at <c>/</c>, its index for the app's own routes, and never for its own paths.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebAppTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/doctors/0193a000-0000-7000-8000-000000000001")]
    [InlineData("/appointments/0193a000-0000-7000-8000-000000000001")]
    [InlineData("/admin")]
    public async Task TheAppsRoutesAnswerWithItsIndexPage(string path)
    {
        using var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\"></div>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/hubs/no-such-hub")]
    [InlineData("/health/nothing")]
    [InlineData("/openapi/nothing")]
    public async Task TheServersOwnPathsNeverFallBackToTheApp(string path)
    {
        using var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<div id=\"root\">", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/dashboard")]
    [InlineData("/scalar")]
    public async Task PathsOfServerToolsAreNeverTheApp(string path)
    {
        // These may or may not exist (telemetry, dashboard), but they are never the web app's index.
        using var response = await fixture.Http.GetAsync(path);

        Assert.DoesNotContain("<div id=\"root\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OnlyReadsFallBackToTheApp()
    {
        using var response = await fixture.Http.PostAsync("/doctors/anything", new StringContent("x"));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<div id=\"root\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheAppsScriptIsServedFromAssets()
    {
        var index = await fixture.Http.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(index, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);

        using var response = await fixture.Http.GetAsync(script);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
    }
}
