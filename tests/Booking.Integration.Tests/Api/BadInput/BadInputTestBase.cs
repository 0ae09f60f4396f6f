using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// What every bad-input test stands on: each kind of bad input answers its status with an RFC 9457 problem body (a stable
/// <c>type</c>, a <c>title</c>, the <c>status</c>), names the offending fields, leaks no stack trace, and leaves the
/// database exactly as it was. The tests are split by resource: <see cref="RequestBadInputTests"/> (any endpoint),
/// <see cref="DoctorBadInputTests"/>, <see cref="SlotBadInputTests"/>, <see cref="AppointmentBadInputTests"/>.
/// </summary>
public abstract partial class BadInputTestBase(QuietApiFixture fixture)
{
    protected const string Validation = "/problems/validation-error";

    protected const string MalformedJson = "/problems/malformed-json";

    protected const string NotFound = "/problems/not-found";

    protected HttpClient Http => fixture.Http;

    protected QuietApiFixture Fixture => fixture;

    protected static string ValidDoctorJson(string? email = null) =>
        $$"""{"name":"Dr Valid","specialization":"Cardiology","email":"{{email ?? $"valid-{Guid.NewGuid():N}@example.com"}}","phone":"+1 555 0100"}""";

    protected async Task<Guid> DoctorIdAsync() => (await fixture.DoctorAsync()).GetProperty("id").GetGuid();

    protected Task<HttpResponseMessage> PostRawAsync(string path, string body) => SendRawAsync(HttpMethod.Post, path, body);

    protected Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string body) =>
        Http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    protected Task<HttpResponseMessage> PostJsonAsync<T>(string path, T body) => Http.PostAsJsonAsync(path, body);

    protected Task<HttpResponseMessage> PutJsonAsync<T>(string path, T body) => Http.PutAsJsonAsync(path, body);

    protected static string FutureDate(int days) => AdminApi.FutureDate(days);

    protected static Dictionary<string, object?> DoctorFields() => new()
    {
        ["name"] = "Dr Valid",
        ["specialization"] = "Cardiology",
        ["email"] = $"valid-{Guid.NewGuid():N}@example.com",
        ["phone"] = "+1 555 0100",
        ["experience_years"] = 5,
        ["bio"] = "Bio",
        ["clinic_name"] = "Clinic",
        ["time_zone"] = "UTC",
    };

    protected static Dictionary<string, object?> Doctor(string? email = null, string? phone = null, string? timeZone = null, int? experienceYears = null)
    {
        var doctor = DoctorFields();
        doctor["email"] = email ?? doctor["email"];
        doctor["phone"] = phone ?? doctor["phone"];
        doctor["time_zone"] = timeZone ?? doctor["time_zone"];
        doctor["experience_years"] = experienceYears is { } years ? years : doctor["experience_years"];
        return doctor;
    }

    protected static Dictionary<string, object?> BookingFields(Guid slotId) => new()
    {
        ["slot_id"] = slotId,
        ["patient_name"] = "Pat Valid",
        ["patient_email"] = "pat@example.com",
        ["patient_phone"] = "+1 555 0100",
        ["reason"] = "Check-up",
    };

    protected static Dictionary<string, object?> BookingBody(Guid slotId, string email = "pat@example.com")
    {
        var booking = BookingFields(slotId);
        booking["patient_email"] = email;
        return booking;
    }

    protected static object Range(Guid doctorId, string startDate, string endDate, string startTime, string endTime, int minutes) => new
    {
        doctor_id = doctorId,
        start_date = startDate,
        end_date = endDate,
        start_time = startTime,
        end_time = endTime,
        slot_minutes = minutes,
    };

    /// <summary>
    /// Sends the request between two snapshots of the database and checks that it was refused with
    /// <paramref name="status"/> (and <paramref name="type"/>, when given) and changed nothing.
    /// </summary>
    protected async Task<JsonElement> AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string? type = null)
    {
        var before = await fixture.Database.SnapshotAsync();
        using var response = await send();
        var problem = await ReadProblemAsync(response, status);
        if (type is not null)
        {
            Assert.Equal(type, problem.GetProperty("type").GetString());
        }

        Assert.Equal(before, await fixture.Database.SnapshotAsync());
        return problem;
    }

    /// <summary>Checks an RFC 9457 problem body of the given status that leaks no internals.</summary>
    protected static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNoInternals(text);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(JsonValueKind.Object, problem.ValueKind);
        Assert.StartsWith("/problems/", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    protected static void AssertNoInternals(string body)
    {
        Assert.DoesNotMatch(StackFrame(), body);
        Assert.DoesNotMatch(ExceptionName(), body);
        Assert.DoesNotContain("Npgsql", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Orleans", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Booking.Api", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }

    /// <summary>Every field is named in <c>errors</c>, in snake_case, each with at least one message.</summary>
    protected static void AssertFieldErrors(JsonElement problem, params string[] fields)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors in {problem.GetRawText()}");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"errors lacks '{field}': {errors.GetRawText()}");
            Assert.Equal(JsonValueKind.Array, messages.ValueKind);
            Assert.NotEmpty(messages.EnumerateArray());
            Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
        }

        Assert.All(errors.EnumerateObject(), e => Assert.Matches(FieldName(), e.Name));
    }

    [GeneratedRegex(@"(^|\n|\\n)\s+at \S")]
    protected static partial Regex StackFrame();

    [GeneratedRegex(@"\b\w*Exception\b")]
    protected static partial Regex ExceptionName();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\[\d+\])?$")]
    protected static partial Regex FieldName();
}
