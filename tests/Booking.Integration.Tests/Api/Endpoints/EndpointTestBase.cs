using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// What the endpoint tests share: every endpoint of the Api over HTTP, on the real silo and database: status codes,
/// Location headers, snake_case JSON with the seed's field names and the wire formats of dates, times and instants. Split by
/// resource: <see cref="DoctorEndpointTests"/>, <see cref="SlotEndpointTests"/>, <see cref="AppointmentEndpointTests"/>,
/// <see cref="DocumentEndpointTests"/>.
/// </summary>
public abstract partial class EndpointTestBase(ApiFixture fixture)
{
    protected static readonly string[] DoctorFields =
        ["id", "name", "specialization", "email", "phone", "experience_years", "bio", "clinic_name", "time_zone", "created_at", "updated_at"];

    protected static readonly string[] SlotFields = ["id", "doctor_id", "date", "time", "duration_minutes", "is_available", "created_at"];

    protected static readonly string[] AppointmentFields =
    [
        "id", "slot_id", "doctor_id", "patient_name", "patient_email", "patient_phone", "reason", "appointment_date",
        "appointment_time", "status", "created_at", "expires_at", "updated_at", "now", "cancellation_reason",
    ];

    protected HttpClient Http => fixture.Http;

    protected ApiFixture Fixture => fixture;

    protected async Task<Guid> CreateDoctorAsync(string name, string specialization)
    {
        using var response = await Http.PostAsJsonAsync("/api/doctors", new
        {
            name,
            specialization,
            email = $"list-{Guid.NewGuid():N}@example.com",
            phone = "+1 555 0100",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    protected async Task<Guid[]> CreateSlotsAsync(Guid doctorId, string date, params string[] times)
    {
        using var response = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, times });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("slots").EnumerateArray()
            .OrderBy(s => s.GetProperty("time").GetString(), StringComparer.Ordinal)
            .Select(s => s.GetProperty("id").GetGuid())
            .ToArray();
    }

    protected static object Patient(Guid slotId, int n, string? email = null) => PatientApi.Booking(slotId, n, email);

    protected async Task<JsonElement> BookAsync(Guid slotId, string? email = null) => (await new PatientApi(Http).BookedAsync(slotId, email: email)).Body;

    protected async Task<Guid[]> ListIdsAsync(string query)
    {
        using var response = await Http.GetAsync($"/api/appointments?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();
    }

    protected static string[] Describe(JsonElement slots) =>
        slots.EnumerateArray().Select(s => $"{s.GetProperty("date").GetString()} {s.GetProperty("time").GetString()}").ToArray();

    protected static string FutureDate(int days) => AdminApi.FutureDate(days);

    protected static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected static void AssertFields(JsonElement element, string[] expected)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        var names = element.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.All(names, n => Assert.Matches(SnakeCase(), n));
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    protected static void AssertSlot(JsonElement slot)
    {
        AssertFields(slot, SlotFields);
        Assert.Matches(DatePattern(), slot.GetProperty("date").GetString());
        Assert.Matches(TimePattern(), slot.GetProperty("time").GetString());
        Assert.True(slot.GetProperty("is_available").ValueKind is JsonValueKind.True or JsonValueKind.False);
        AssertInstant(slot, "created_at");
    }

    /// <summary>An appointment as read; a booking answer (<paramref name="booked"/>) also carries the access_token.</summary>
    protected static void AssertAppointment(JsonElement appointment, bool booked = false)
    {
        AssertFields(appointment, booked ? [.. AppointmentFields, "access_token"] : AppointmentFields);
        Assert.Matches(DatePattern(), appointment.GetProperty("appointment_date").GetString());
        Assert.Matches(TimePattern(), appointment.GetProperty("appointment_time").GetString());
        Assert.Contains(appointment.GetProperty("status").GetString(), new[] { "PENDING", "CONFIRMED", "CANCELLED", "EXPIRED" });
        AssertInstant(appointment, "created_at");
        AssertInstant(appointment, "expires_at");
        AssertInstant(appointment, "updated_at");
        AssertInstant(appointment, "now");
    }

    protected static void AssertInstant(JsonElement element, string field)
    {
        var text = element.GetProperty(field).GetString();
        Assert.Matches(InstantPattern(), text);
    }

    protected static DateTimeOffset Instant(JsonElement element, string field) =>
        DateTimeOffset.Parse(element.GetProperty(field).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    protected static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    protected static partial Regex SnakeCase();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    protected static partial Regex DatePattern();

    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d$")]
    protected static partial Regex TimePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    protected static partial Regex InstantPattern();

    /// <summary>Moves the system's clock past the appointment's expires_at: its hold has lapsed.</summary>
    protected void Lapse(JsonElement appointment) => fixture.Lapse(Instant(appointment, "expires_at"));
}
