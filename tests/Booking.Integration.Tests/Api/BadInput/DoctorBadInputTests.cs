using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>Bad input to the doctor endpoints: missing, invalid, too long fields, conflicts, bad filters.</summary>
[Collection(BadInputCollection.Name)]
public sealed class DoctorBadInputTests(QuietApiFixture fixture) : BadInputTestBase(fixture)
{
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
    public async Task AnInvalidUuidInThePathOfADoctorUpdateReturnsBadRequestNamingId()
    {
        var problem = await AssertRefusedAsync(() => PutJsonAsync("/api/doctors/not-a-uuid", Doctor()), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "id");
    }

    [Fact]
    public async Task UpdatingAnUnknownDoctorReturnsNotFoundAndCreatesNothing()
    {
        await AssertRefusedAsync(() => PutJsonAsync($"/api/doctors/{Guid.NewGuid()}", Doctor()), HttpStatusCode.NotFound, NotFound);
    }

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

    [Fact]
    public async Task CreatingADoctorWithAnEmailInUseReturnsConflictWithDuplicateEmailType()
    {
        var existing = await Fixture.DoctorAsync();
        var email = existing.GetProperty("email").GetString()!;

        await AssertRefusedAsync(() => PostJsonAsync("/api/doctors", Doctor(email: email)), HttpStatusCode.Conflict, "/problems/duplicate-email");
    }

    [Fact]
    public async Task UpdatingADoctorToAnotherDoctorsEmailReturnsConflict()
    {
        var taken = (await Fixture.DoctorAsync()).GetProperty("email").GetString()!;
        var doctorId = await DoctorIdAsync();

        await AssertRefusedAsync(() => PutJsonAsync($"/api/doctors/{doctorId}", Doctor(email: taken)), HttpStatusCode.Conflict, "/problems/duplicate-email");
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
}
