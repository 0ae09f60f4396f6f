using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>The OpenAPI document, the Scalar UI and the health endpoints.</summary>
[Collection(ApiCollection.Name)]
public sealed class DocumentEndpointTests(ApiFixture fixture) : EndpointTestBase(fixture)
{
    [Fact]
    public async Task TheOpenApiDocumentIsJsonAndListsTheBookingPath()
    {
        using var response = await Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/appointments/book", out _));
        foreach (var path in new[] { "/api/doctors", "/api/doctors/{id}", "/api/slots", "/api/slots/{id}", "/api/appointments", "/api/appointments/{id}", "/api/appointments/{id}/confirm", "/api/appointments/{id}/reschedule" })
        {
            Assert.True(paths.TryGetProperty(path, out _) || paths.TryGetProperty(path + "/", out _), $"OpenAPI document lacks {path}");
        }
    }

    [Fact]
    public async Task TheScalarUiIsServed()
    {
        using var response = await Http.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointsAnswerOk(string path)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
