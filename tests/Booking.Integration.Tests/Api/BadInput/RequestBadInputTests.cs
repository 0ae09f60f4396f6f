using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>Bad input any endpoint can be sent: unreadable or missing bodies, wrong content types, malformed and unknown ids, impossible query filters.</summary>
[Collection(BadInputCollection.Name)]
public sealed class RequestBadInputTests(QuietApiFixture fixture) : BadInputTestBase(fixture)
{
    [Theory]
    [InlineData("/api/doctors", "{\"name\": \"Dr X\" \"specialization\": \"Cardiology\"}")]
    [InlineData("/api/doctors", "{name: 'Dr X'}")]
    [InlineData("/api/doctors", "not json at all")]
    [InlineData("/api/slots", "{\"doctor_id\": }")]
    [InlineData("/api/appointments/book", "{\"slot_id\": \"a\",,}")]
    public async Task MalformedJsonReturnsBadRequestWithMalformedJsonType(string path, string body)
    {
        await AssertRefusedAsync(() => PostRawAsync(path, body), HttpStatusCode.BadRequest, MalformedJson);
    }

    [Theory]
    [InlineData("/api/doctors", "{\"name\":\"Dr X\",\"specialization\":\"Cardio")]
    [InlineData("/api/doctors", "{\"name\":\"Dr X\",")]
    [InlineData("/api/doctors", "{")]
    [InlineData("/api/appointments/book", "{\"slot_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"patient_name\":\"A\"")]
    public async Task TruncatedJsonReturnsBadRequestWithMalformedJsonType(string path, string body)
    {
        await AssertRefusedAsync(() => PostRawAsync(path, body), HttpStatusCode.BadRequest, MalformedJson);
    }

    [Theory]
    [InlineData("/api/doctors")]
    [InlineData("/api/slots")]
    [InlineData("/api/appointments/book")]
    public async Task AJsonArrayInsteadOfAnObjectReturnsBadRequest(string path)
    {
        await AssertRefusedAsync(() => PostRawAsync(path, $"[{ValidDoctorJson()}]"), HttpStatusCode.BadRequest, MalformedJson);
    }

    [Theory]
    [InlineData("/api/doctors", "\"just a string\"")]
    [InlineData("/api/doctors", "42")]
    [InlineData("/api/doctors", "null")]
    public async Task AJsonScalarInsteadOfAnObjectReturnsBadRequest(string path, string body)
    {
        await AssertRefusedAsync(() => PostRawAsync(path, body), HttpStatusCode.BadRequest, MalformedJson);
    }

    [Theory]
    [InlineData("/api/doctors")]
    [InlineData("/api/slots")]
    [InlineData("/api/appointments/book")]
    public async Task AnEmptyJsonBodyReturnsBadRequest(string path)
    {
        await AssertRefusedAsync(() => PostRawAsync(path, ""), HttpStatusCode.BadRequest, MalformedJson);
    }

    [Theory]
    [InlineData("/api/doctors")]
    [InlineData("/api/slots")]
    [InlineData("/api/appointments/book")]
    public async Task ARequestWithNoBodyAtAllReturnsBadRequest(string path)
    {
        await AssertRefusedAsync(() => Http.PostAsync(path, null), HttpStatusCode.BadRequest, MalformedJson);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task AWrongContentTypeReturnsUnsupportedMediaType(string contentType)
    {
        await AssertRefusedAsync(
            () =>
            {
                var content = new StringContent(ValidDoctorJson(), Encoding.UTF8);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
                return Http.PostAsync("/api/doctors", content);
            },
            HttpStatusCode.UnsupportedMediaType,
            "/problems/unsupported-media-type");
    }

    [Theory]
    [InlineData("GET", "/api/doctors/not-a-uuid")]
    [InlineData("GET", "/api/doctors/12345")]
    [InlineData("GET", "/api/doctors/3f2b8c1e4d5a4b6c9e7f0a1b2c3d4e5f")]
    [InlineData("GET", "/api/doctors/{3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f}")]
    [InlineData("DELETE", "/api/doctors/not-a-uuid")]
    [InlineData("GET", "/api/slots/not-a-uuid")]
    [InlineData("DELETE", "/api/slots/3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5")]
    [InlineData("GET", "/api/appointments/not-a-uuid")]
    [InlineData("PUT", "/api/appointments/not-a-uuid/confirm")]
    public async Task AnInvalidUuidInThePathReturnsBadRequestNamingId(string method, string path)
    {
        var problem = await AssertRefusedAsync(
            () => Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "id");
    }

    [Theory]
    [InlineData("/api/appointments/book", "{\"slot_id\":\"not-a-uuid\",\"patient_name\":\"A\",\"patient_email\":\"a@example.com\",\"patient_phone\":\"+1 555 0100\"}", "slot_id")]
    [InlineData("/api/appointments/book", "{\"doctor_id\":\"xyz\",\"appointment_date\":\"2030-01-01\",\"appointment_time\":\"09:00\",\"patient_name\":\"A\",\"patient_email\":\"a@example.com\",\"patient_phone\":\"+1 555 0100\"}", "doctor_id")]
    [InlineData("/api/slots", "{\"doctor_id\":\"3f2b8c1e-4d5a-4b6c-9e7f\",\"date\":\"2030-01-01\",\"time\":\"09:00\"}", "doctor_id")]
    public async Task AnInvalidUuidInTheBodyReturnsBadRequestNamingTheField(string path, string body, string field)
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync(path, body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }

    [Theory]
    [InlineData("/api/slots?doctor_id=nope", "doctor_id")]
    [InlineData("/api/appointments?doctor_id=nope", "doctor_id")]
    public async Task AnInvalidUuidInTheQueryReturnsBadRequestNamingTheParameter(string path, string field)
    {
        var problem = await AssertRefusedAsync(() => Http.GetAsync(path), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }

    [Theory]
    [InlineData("GET", "/api/doctors/{0}")]
    [InlineData("DELETE", "/api/doctors/{0}")]
    [InlineData("GET", "/api/slots/{0}")]
    [InlineData("DELETE", "/api/slots/{0}")]
    [InlineData("GET", "/api/appointments/{0}")]
    [InlineData("PUT", "/api/appointments/{0}/confirm")]
    public async Task AnUnknownIdReturnsNotFound(string method, string pathFormat)
    {
        var path = string.Format(CultureInfo.InvariantCulture, pathFormat, Guid.NewGuid());

        await AssertRefusedAsync(() => Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.NotFound, NotFound);
    }

    [Theory]
    [InlineData("/api/slots?date=2025-02-30", "date")]
    [InlineData("/api/slots?date=tomorrow", "date")]
    [InlineData("/api/appointments?date=2025-02-30", "date")]
    [InlineData("/api/appointments?patient_email=nobody", "patient_email")]
    public async Task AnImpossibleQueryFilterIsNamed(string path, string field)
    {
        var problem = await AssertRefusedAsync(() => Http.GetAsync(path), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }
}
