using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// Every kind of bad input over HTTP: each answers its status with an RFC 9457 problem body (a stable
/// <c>type</c>, a <c>title</c>, the <c>status</c>), names the offending fields, leaks no stack trace,
/// and leaves the database exactly as it was.
/// </summary>
[Collection(QuietApiCollection.Name)]
public sealed partial class BadInputTests(QuietApiFixture fixture)
{
    private const string Validation = "/problems/validation-error";
    private const string MalformedJson = "/problems/malformed-json";
    private const string NotFound = "/problems/not-found";

    private HttpClient Http => fixture.Http;

    private static string ValidDoctorJson(string? email = null) =>
        $$"""{"name":"Dr Valid","specialization":"Cardiology","email":"{{email ?? $"valid-{Guid.NewGuid():N}@example.com"}}","phone":"+1 555 0100"}""";

    // ---- Unreadable bodies ----

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
    [InlineData("{\"name\":\"Dr X\",\"specialization\":\"Cardiology\",\"email\":\"x@example.com\",\"phone\":\"+1 555 0100\",\"experience_years\":\"twelve\"}", "experience_years")]
    [InlineData("{\"name\":\"Dr X\",\"specialization\":\"Cardiology\",\"email\":\"x@example.com\",\"phone\":\"+1 555 0100\",\"experience_years\":\"12\"}", "experience_years")]
    [InlineData("{\"name\":\"Dr X\",\"specialization\":\"Cardiology\",\"email\":\"x@example.com\",\"phone\":\"+1 555 0100\",\"experience_years\":1.5}", "experience_years")]
    [InlineData("{\"name\":\"Dr X\",\"specialization\":\"Cardiology\",\"email\":\"x@example.com\",\"phone\":\"+1 555 0100\",\"experience_years\":99999999999}", "experience_years")]
    [InlineData("{\"name\":42,\"specialization\":\"Cardiology\",\"email\":\"x@example.com\",\"phone\":\"+1 555 0100\"}", "name")]
    [InlineData("{\"name\":\"Dr X\",\"specialization\":[\"Cardiology\"],\"email\":\"x@example.com\",\"phone\":\"+1 555 0100\"}", "specialization")]
    [InlineData("{\"name\":\"Dr X\",\"specialization\":\"Cardiology\",\"email\":{\"a\":1},\"phone\":\"+1 555 0100\"}", "email")]
    [InlineData("{\"name\":\"Dr X\",\"specialization\":\"Cardiology\",\"email\":\"x@example.com\",\"phone\":true}", "phone")]
    public async Task AWrongTypeInADoctorReturnsBadRequestNamingTheField(string body, string field)
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/doctors", body), HttpStatusCode.BadRequest, MalformedJson);
        AssertFieldErrors(problem, field);
    }

    [Fact]
    public async Task AWrongTypeInADoctorUpdateReturnsBadRequestNamingTheField()
    {
        var doctorId = await DoctorIdAsync();
        var body = "{\"name\":\"Dr X\",\"specialization\":\"Cardiology\",\"email\":\"x@example.com\",\"phone\":\"+1 555 0100\",\"experience_years\":\"many\"}";

        var problem = await AssertRefusedAsync(() => SendRawAsync(HttpMethod.Put, $"/api/doctors/{doctorId}", body), HttpStatusCode.BadRequest, MalformedJson);

        AssertFieldErrors(problem, "experience_years");
    }

    [Theory]
    [InlineData("{\"doctor_id\":42,\"date\":\"2030-01-01\",\"time\":\"09:00\"}", "doctor_id")]
    [InlineData("{\"doctor_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"date\":\"2030-01-01\",\"times\":\"09:00\"}", "times")]
    [InlineData("{\"doctor_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"date\":\"2030-01-01\",\"time\":\"09:00\",\"duration_minutes\":\"thirty\"}", "duration_minutes")]
    [InlineData("{\"doctor_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"start_date\":\"2030-01-01\",\"end_date\":\"2030-01-02\",\"start_time\":\"09:00\",\"end_time\":\"10:00\",\"slot_minutes\":false}", "slot_minutes")]
    public async Task AWrongTypeInASlotRequestReturnsBadRequestNamingTheField(string body, string field)
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/slots", body), HttpStatusCode.BadRequest, MalformedJson);
        AssertFieldErrors(problem, field);
    }

    [Theory]
    [InlineData("{\"slot_id\":12345,\"patient_name\":\"A\",\"patient_email\":\"a@example.com\",\"patient_phone\":\"+1 555 0100\"}", "slot_id")]
    [InlineData("{\"slot_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"patient_name\":[\"A\"],\"patient_email\":\"a@example.com\",\"patient_phone\":\"+1 555 0100\"}", "patient_name")]
    [InlineData("{\"slot_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"patient_name\":\"A\",\"patient_email\":\"a@example.com\",\"patient_phone\":5550100}", "patient_phone")]
    public async Task AWrongTypeInABookingReturnsBadRequestNamingTheField(string body, string field)
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/appointments/book", body), HttpStatusCode.BadRequest, MalformedJson);
        AssertFieldErrors(problem, field);
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

    [Fact]
    public async Task AWrongContentTypeOnABookingReturnsUnsupportedMediaType()
    {
        var slotId = await fixture.SlotAsync();
        var body = JsonSerializer.Serialize(new { slot_id = slotId, patient_name = "A", patient_email = "a@example.com", patient_phone = "+1 555 0100" });

        await AssertRefusedAsync(
            () => Http.PostAsync("/api/appointments/book", new StringContent(body, Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType,
            "/problems/unsupported-media-type");
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    // ---- Missing, null and invalid fields ----

    [Fact]
    public async Task AnEmptyDoctorObjectListsEveryRequiredField()
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/doctors", "{}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "name", "specialization", "email", "phone");
    }

    [Fact]
    public async Task NullRequiredDoctorFieldsAreEachNamed()
    {
        var body = "{\"name\":null,\"specialization\":null,\"email\":null,\"phone\":null,\"experience_years\":null,\"bio\":null,\"clinic_name\":null,\"time_zone\":null}";

        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/doctors", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "name", "specialization", "email", "phone");
    }

    [Fact]
    public async Task BlankRequiredDoctorFieldsAreEachNamed()
    {
        var body = "{\"name\":\"   \",\"specialization\":\"\",\"email\":\" \",\"phone\":\"\"}";

        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/doctors", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "name", "specialization", "email", "phone");
    }

    [Fact]
    public async Task AnEmptyDoctorObjectOnUpdateListsEveryRequiredFieldAndChangesNothing()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(() => SendRawAsync(HttpMethod.Put, $"/api/doctors/{doctorId}", "{}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "name", "specialization", "email", "phone");
    }

    [Fact]
    public async Task AnEmptyBookingObjectListsThePatientFieldsAndTheSlot()
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/appointments/book", "{}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slot_id", "patient_name", "patient_email", "patient_phone");
    }

    [Fact]
    public async Task ABookingByTimeWithNullsNamesEachMissingField()
    {
        var body = "{\"doctor_id\":null,\"appointment_date\":\"2030-01-01\",\"appointment_time\":null,\"patient_name\":null,\"patient_email\":null,\"patient_phone\":null}";

        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/appointments/book", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "doctor_id", "appointment_time", "patient_name", "patient_email", "patient_phone");
    }

    [Fact]
    public async Task ABookingNamingBothASlotAndADoctorTimeIsRefused()
    {
        var slotId = await fixture.SlotAsync();
        var slot = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{slotId}");
        var body = JsonSerializer.Serialize(new
        {
            slot_id = slotId,
            doctor_id = slot.GetProperty("doctor_id").GetGuid(),
            appointment_date = slot.GetProperty("date").GetString(),
            appointment_time = slot.GetProperty("time").GetString(),
            patient_name = "A",
            patient_email = "a@example.com",
            patient_phone = "+1 555 0100",
        });

        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/appointments/book", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slot_id");
    }

    [Fact]
    public async Task AnEmptySlotObjectNamesTheDoctorAndTheMissingShape()
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/slots", "{}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "doctor_id", "slots");
    }

    [Fact]
    public async Task ASlotWithoutADoctorNamesDoctorId()
    {
        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { date = FutureDate(10), time = "09:00" }), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "doctor_id");
    }

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("no-at-sign.example.com")]
    [InlineData("two@@example.com")]
    [InlineData("a@b")]
    [InlineData("spaces in@example.com")]
    [InlineData("Name <name@example.com>")]
    [InlineData("@example.com")]
    public async Task AnInvalidDoctorEmailIsNamed(string email)
    {
        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", Doctor(email: email)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "email");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1234")]
    [InlineData("555-CALL-NOW")]
    [InlineData("+1 555 0100 ext 5")]
    [InlineData("++15550100")]
    public async Task AnInvalidDoctorPhoneIsNamed(string phone)
    {
        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", Doctor(phone: phone)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "phone");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("utc+2")]
    [InlineData("Europe/")]
    [InlineData("../../etc/passwd")]
    [InlineData("W. Europe Standard Time")]
    public async Task AnInvalidTimeZoneIsNamed(string timeZone)
    {
        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", Doctor(timeZone: timeZone)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "time_zone");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(81)]
    public async Task ExperienceYearsOutOfRangeIsNamed(int years)
    {
        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", Doctor(experienceYears: years)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "experience_years");
    }

    [Fact]
    public async Task SeveralInvalidDoctorFieldsAreAllNamedAtOnce()
    {
        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/doctors", Doctor(email: "bad", phone: "x", timeZone: "Nowhere/Land", experienceYears: 200)),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "email", "phone", "time_zone", "experience_years");
    }

    [Fact]
    public async Task InvalidPatientEmailAndPhoneInABookingAreNamedAndNothingIsBooked()
    {
        var slotId = await fixture.SlotAsync();
        var body = new { slot_id = slotId, patient_name = "A", patient_email = "not-an-email", patient_phone = "12" };

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "patient_email", "patient_phone");
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
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

    [Fact]
    public async Task AnInvalidUuidInThePathOfADoctorUpdateReturnsBadRequestNamingId()
    {
        var problem = await AssertRefusedAsync(() => PutJsonAsync("/api/doctors/not-a-uuid", Doctor()), HttpStatusCode.BadRequest, Validation);

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

    // ---- Unknown ids ----

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

    [Fact]
    public async Task UpdatingAnUnknownDoctorReturnsNotFoundAndCreatesNothing()
    {
        await AssertRefusedAsync(() => PutJsonAsync($"/api/doctors/{Guid.NewGuid()}", Doctor()), HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task CreatingSlotsForAnUnknownDoctorReturnsNotFound()
    {
        await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = Guid.NewGuid(), date = FutureDate(10), time = "09:00" }), HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task BookingAnUnknownSlotReturnsNotFound()
    {
        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", BookingBody(Guid.NewGuid())), HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task BookingByATimeWhenTheDoctorHasNoSlotThenReturnsNotFound()
    {
        var slotId = await fixture.SlotAsync();
        var slot = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{slotId}");
        var body = new
        {
            doctor_id = slot.GetProperty("doctor_id").GetGuid(),
            appointment_date = slot.GetProperty("date").GetString(),
            appointment_time = "17:15",
            patient_name = "A",
            patient_email = "a@example.com",
            patient_phone = "+1 555 0100",
        };

        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", body), HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task BookingByATimeOfAnUnknownDoctorReturnsNotFound()
    {
        var body = new
        {
            doctor_id = Guid.NewGuid(),
            appointment_date = FutureDate(10),
            appointment_time = "09:00",
            patient_name = "A",
            patient_email = "a@example.com",
            patient_phone = "+1 555 0100",
        };

        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", body), HttpStatusCode.NotFound, NotFound);
    }

    // ---- Impossible dates and times ----

    [Theory]
    [InlineData("2025-02-30", "09:00", "date")]
    [InlineData("2025-13-01", "09:00", "date")]
    [InlineData("2030-1-5", "09:00", "date")]
    [InlineData("05/01/2030", "09:00", "date")]
    [InlineData("2030-01-01T09:00:00Z", "09:00", "date")]
    [InlineData("2030-01-01", "25:61", "time")]
    [InlineData("2030-01-01", "24:00", "time")]
    [InlineData("2030-01-01", "9am", "time")]
    [InlineData("2030-01-01", "09:00:00", "time")]
    [InlineData("2030-01-01", "9:5", "time")]
    public async Task AnImpossibleSlotDateOrTimeIsNamed(string date, string time, string field)
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date, time }), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }

    [Fact]
    public async Task AnImpossibleTimeInAListIsNamedByItsIndex()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), times = new[] { "09:00", "25:61", "10:00" } }),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "times[1]");
    }

    [Fact]
    public async Task ImpossibleRangeDatesAndTimesAreNamed()
    {
        var doctorId = await DoctorIdAsync();
        var body = new { doctor_id = doctorId, start_date = "2025-02-30", end_date = "2025-02-31", start_time = "25:61", end_time = "99:99", slot_minutes = 30 };

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "start_date", "end_date", "start_time", "end_time");
    }

    [Fact]
    public async Task AnImpossibleBookingDateAndTimeAreNamed()
    {
        var doctorId = await DoctorIdAsync();
        var body = new
        {
            doctor_id = doctorId,
            appointment_date = "2025-02-30",
            appointment_time = "25:61",
            patient_name = "A",
            patient_email = "a@example.com",
            patient_phone = "+1 555 0100",
        };

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "appointment_date", "appointment_time");
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

    // ---- Too long, control characters ----

    [Theory]
    [InlineData("name", 256)]
    [InlineData("specialization", 101)]
    [InlineData("phone", 21)]
    [InlineData("clinic_name", 256)]
    [InlineData("bio", 4001)]
    [InlineData("email", 256)]
    public async Task ATooLongDoctorFieldIsNamed(string field, int length)
    {
        var doctor = DoctorFields();
        doctor[field] = field switch
        {
            "phone" => new string('1', length),
            "email" => new string('a', length - "@example.com".Length) + "@example.com",
            _ => new string('x', length),
        };

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", doctor), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }

    [Fact]
    public async Task AVeryLongNameIsRefusedWithoutEchoingIt()
    {
        var doctor = DoctorFields();
        doctor["name"] = new string('n', 30_000);

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", doctor), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "name");
        Assert.DoesNotContain(new string('n', 1000), problem.GetRawText());
    }

    [Theory]
    [InlineData("patient_name", 256)]
    [InlineData("patient_phone", 21)]
    [InlineData("reason", 2001)]
    public async Task ATooLongBookingFieldIsNamedAndNothingIsBooked(string field, int length)
    {
        var slotId = await fixture.SlotAsync();
        var booking = BookingFields(slotId);
        booking[field] = field == "patient_phone" ? new string('5', length) : new string('r', length);

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", booking), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    [Theory]
    [InlineData("name", "Dr\u0000Null")]
    [InlineData("name", "Dr\u0007Bell")]
    [InlineData("name", "Dr\nNewline")]
    [InlineData("specialization", "Cardio\u001blogy")]
    [InlineData("clinic_name", "Clinic\u007f")]
    [InlineData("bio", "Bio with \u0000 a null")]
    [InlineData("email", "dr\u0001@example.com")]
    public async Task AControlCharacterInADoctorFieldIsNamed(string field, string value)
    {
        var doctor = DoctorFields();
        doctor[field] = value;

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", doctor), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }

    [Theory]
    [InlineData("patient_name", "Pat\u0000ient")]
    [InlineData("patient_name", "Pat\tient")]
    [InlineData("reason", "Pain\u0008")]
    public async Task AControlCharacterInABookingFieldIsNamedAndNothingIsBooked(string field, string value)
    {
        var slotId = await fixture.SlotAsync();
        var booking = BookingFields(slotId);
        booking[field] = value;

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", booking), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    // ---- Conflicts and the past ----

    [Fact]
    public async Task BookingASlotInThePastReturnsUnprocessableWithSlotInPastType()
    {
        var doctorId = await DoctorIdAsync();
        var slotId = Guid.NewGuid();
        await fixture.Database.InsertSlotAsync(slotId, doctorId, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), new TimeOnly(9, 0));

        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", BookingBody(slotId)), HttpStatusCode.UnprocessableEntity, "/problems/slot-in-past");

        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slotId)));
    }

    [Fact]
    public async Task BookingAPastSlotByDoctorDateAndTimeReturnsUnprocessable()
    {
        var doctorId = await DoctorIdAsync();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        await fixture.Database.InsertSlotAsync(Guid.NewGuid(), doctorId, yesterday, new TimeOnly(9, 0));
        var body = new
        {
            doctor_id = doctorId,
            appointment_date = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            appointment_time = "09:00",
            patient_name = "A",
            patient_email = "a@example.com",
            patient_phone = "+1 555 0100",
        };

        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", body), HttpStatusCode.UnprocessableEntity, "/problems/slot-in-past");
    }

    [Fact]
    public async Task CreatingASlotInThePastReturnsUnprocessable()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(-2), times = new[] { "09:00", "10:00" } }),
            HttpStatusCode.UnprocessableEntity,
            "/problems/slot-in-past");

        Assert.Equal(2, problem.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task BookingATakenSlotReturnsConflictWithSlotTakenType()
    {
        var slotId = await fixture.SlotAsync();
        using (var first = await PostJsonAsync("/api/appointments/book", BookingBody(slotId)))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", BookingBody(slotId, "second@example.com")), HttpStatusCode.Conflict, "/problems/slot-taken");

        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slotId)));
    }

    [Fact]
    public async Task CreatingADoctorWithAnEmailInUseReturnsConflictWithDuplicateEmailType()
    {
        var existing = await fixture.DoctorAsync();
        var email = existing.GetProperty("email").GetString()!;

        await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", Doctor(email: email)), HttpStatusCode.Conflict, "/problems/duplicate-email");
    }

    [Fact]
    public async Task UpdatingADoctorToAnotherDoctorsEmailReturnsConflict()
    {
        var taken = (await fixture.DoctorAsync()).GetProperty("email").GetString()!;
        var doctorId = await DoctorIdAsync();

        await AssertRefusedAsync(() => PutJsonAsync($"/api/doctors/{doctorId}", Doctor(email: taken)), HttpStatusCode.Conflict, "/problems/duplicate-email");
    }

    [Fact]
    public async Task CreatingAnExistingSlotReturnsConflictWithDuplicateSlotTypeAndCreatesNoneOfTheBatch()
    {
        var slot = (await fixture.SlotsAsync(1))[0];
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        var date = slot.GetProperty("date").GetString();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date, times = new[] { "08:00", "09:00", "10:00" } }),
            HttpStatusCode.Conflict,
            "/problems/duplicate-slot");

        var rejected = Assert.Single(problem.GetProperty("rejected").EnumerateArray());
        Assert.Equal(date, rejected.GetProperty("date").GetString());
        Assert.Equal("09:00", rejected.GetProperty("time").GetString());
    }

    [Fact]
    public async Task RepeatingATimeInOneRequestIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), times = new[] { "09:00", "09:00" } }),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "times");
    }

    // ---- Slot shapes and ranges ----

    [Fact]
    public async Task ARangeLongerThanTheLimitIsRefusedNamingEndDate()
    {
        var doctorId = await DoctorIdAsync();
        var body = Range(doctorId, FutureDate(10), FutureDate(10 + 62), "09:00", "10:00", 30);

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "end_date");
    }

    [Fact]
    public async Task ARangeMakingTooManySlotsIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        // 60 days of 5-minute slots all day long: far more than one request may create.
        var body = Range(doctorId, FutureDate(10), FutureDate(69), "00:00", "23:55", 5);

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slots");
    }

    [Fact]
    public async Task AnInvertedDateRangeIsRefusedNamingEndDate()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", Range(doctorId, FutureDate(20), FutureDate(10), "09:00", "12:00", 30)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "end_date");
    }

    [Theory]
    [InlineData("12:00", "09:00")]
    [InlineData("09:00", "09:00")]
    public async Task AnInvertedOrEmptyTimeRangeIsRefusedNamingEndTime(string start, string end)
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", Range(doctorId, FutureDate(10), FutureDate(11), start, end, 30)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "end_time");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    [InlineData(-30)]
    [InlineData(481)]
    public async Task ASlotLengthOutOfRangeIsNamed(int minutes)
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", Range(doctorId, FutureDate(10), FutureDate(11), "09:00", "17:00", minutes)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slot_minutes");
    }

    [Fact]
    public async Task ASlotLongerThanTheDailyWindowIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", Range(doctorId, FutureDate(10), FutureDate(11), "09:00", "09:30", 45)), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slot_minutes");
    }

    [Fact]
    public async Task ADurationOutOfRangeForSingleSlotsIsNamed()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), time = "09:00", duration_minutes = 1000 }),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "duration_minutes");
    }

    [Fact]
    public async Task MixingASingleSlotWithARangeIsRefused()
    {
        var doctorId = await DoctorIdAsync();
        var body = new { doctor_id = doctorId, date = FutureDate(10), time = "09:00", start_date = FutureDate(10), end_date = FutureDate(11), start_time = "09:00", end_time = "10:00" };

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/slots", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "slots");
    }

    [Fact]
    public async Task GivingBothTimeAndTimesIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), time = "09:00", times = new[] { "10:00" } }),
            HttpStatusCode.BadRequest,
            Validation);

        AssertFieldErrors(problem, "time");
    }

    [Fact]
    public async Task AnEmptyOrOversizedListOfTimesIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var empty = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), times = Array.Empty<string>() }), HttpStatusCode.BadRequest, Validation);
        AssertFieldErrors(empty, "times");

        var many = Enumerable.Range(0, 501).Select(i => new TimeOnly(0, 0).AddMinutes(i).ToString("HH:mm", CultureInfo.InvariantCulture)).ToArray();
        var oversized = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10), times = many }), HttpStatusCode.BadRequest, Validation);
        AssertFieldErrors(oversized, "times");
    }

    [Fact]
    public async Task ADateWithoutTimeIsRefused()
    {
        var doctorId = await DoctorIdAsync();

        var problem = await AssertRefusedAsync(
            () => PostJsonAsync("/api/slots", new { doctor_id = doctorId, date = FutureDate(10) }), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "time");
    }

    // ---- Query parameters ----

    [Theory]
    [InlineData("bogus")]
    [InlineData("ALL")]
    [InlineData("")]
    public async Task AnUnknownIncludeOnSlotListingIsRefused(string include)
    {
        var problem = await AssertRefusedAsync(() => Http.GetAsync($"/api/slots?include={include}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "include");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=2.5", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("cursor=!!!", "cursor")]
    [InlineData("cursor=MTIzOmFiYw", "cursor")]
    [InlineData("status=bogus", "status")]
    [InlineData("status=1", "status")]
    [InlineData("status=PENDING,CONFIRMED", "status")]
    public async Task ABadListingParameterOnAppointmentsIsNamed(string query, string field)
    {
        var problem = await AssertRefusedAsync(() => Http.GetAsync($"/api/appointments?{query}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }

    [Fact]
    public async Task ATooLongSearchOnDoctorsIsRefused()
    {
        var problem = await AssertRefusedAsync(() => Http.GetAsync($"/api/doctors?search={new string('s', 300)}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "search");
    }

    [Theory]
    [InlineData("search=Dr%00X", "search")]
    [InlineData("specialization=Cardio%07logy", "specialization")]
    public async Task AControlCharacterInADoctorFilterIsRefused(string query, string field)
    {
        var problem = await AssertRefusedAsync(() => Http.GetAsync($"/api/doctors?{query}"), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
    }

    // ---- Helpers ----

    private async Task<Guid> DoctorIdAsync() => (await fixture.DoctorAsync()).GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> PostRawAsync(string path, string body) => SendRawAsync(HttpMethod.Post, path, body);

    private Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string body) =>
        Http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    private Task<HttpResponseMessage> PostJsonAsync<T>(string path, T body) => Http.PostAsJsonAsync(path, body);

    private Task<HttpResponseMessage> PutJsonAsync<T>(string path, T body) => Http.PutAsJsonAsync(path, body);

    private static string FutureDate(int days) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> DoctorFields() => new()
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

    private static Dictionary<string, object?> Doctor(string? email = null, string? phone = null, string? timeZone = null, int? experienceYears = null)
    {
        var doctor = DoctorFields();
        doctor["email"] = email ?? doctor["email"];
        doctor["phone"] = phone ?? doctor["phone"];
        doctor["time_zone"] = timeZone ?? doctor["time_zone"];
        doctor["experience_years"] = experienceYears is { } years ? years : doctor["experience_years"];
        return doctor;
    }

    private static Dictionary<string, object?> BookingFields(Guid slotId) => new()
    {
        ["slot_id"] = slotId,
        ["patient_name"] = "Pat Valid",
        ["patient_email"] = "pat@example.com",
        ["patient_phone"] = "+1 555 0100",
        ["reason"] = "Check-up",
    };

    private static Dictionary<string, object?> BookingBody(Guid slotId, string email = "pat@example.com")
    {
        var booking = BookingFields(slotId);
        booking["patient_email"] = email;
        return booking;
    }

    private static object Range(Guid doctorId, string startDate, string endDate, string startTime, string endTime, int minutes) => new
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
    private async Task<JsonElement> AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string? type = null)
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
    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode status)
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

    private static void AssertNoInternals(string body)
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
    private static void AssertFieldErrors(JsonElement problem, params string[] fields)
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
    private static partial Regex StackFrame();

    [GeneratedRegex(@"\b\w*Exception\b")]
    private static partial Regex ExceptionName();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\[\d+\])?$")]
    private static partial Regex FieldName();
}
