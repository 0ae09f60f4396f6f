using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>Bad input to the booking and appointment endpoints: missing or invalid patient fields, unknown or past or taken slots, bad listing parameters.</summary>
[Collection(BadInputCollection.Name)]
public sealed class AppointmentBadInputTests(QuietApiFixture fixture) : BadInputTestBase(fixture)
{
    [Theory]
    [InlineData("{\"slot_id\":12345,\"patient_name\":\"A\",\"patient_email\":\"a@example.com\",\"patient_phone\":\"+1 555 0100\"}", "slot_id")]
    [InlineData("{\"slot_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"patient_name\":[\"A\"],\"patient_email\":\"a@example.com\",\"patient_phone\":\"+1 555 0100\"}", "patient_name")]
    [InlineData("{\"slot_id\":\"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f\",\"patient_name\":\"A\",\"patient_email\":\"a@example.com\",\"patient_phone\":5550100}", "patient_phone")]
    public async Task AWrongTypeInABookingReturnsBadRequestNamingTheField(string body, string field)
    {
        var problem = await AssertRefusedAsync(() => PostRawAsync("/api/appointments/book", body), HttpStatusCode.BadRequest, MalformedJson);
        AssertFieldErrors(problem, field);
    }

    [Fact]
    public async Task AWrongContentTypeOnABookingReturnsUnsupportedMediaType()
    {
        var slotId = await Fixture.SlotAsync();
        var body = JsonSerializer.Serialize(new { slot_id = slotId, patient_name = "A", patient_email = "a@example.com", patient_phone = "+1 555 0100" });

        await AssertRefusedAsync(
            () => Http.PostAsync("/api/appointments/book", new StringContent(body, Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType,
            "/problems/unsupported-media-type");
        Assert.Equal(0, await Fixture.Database.ActiveAppointmentsAsync(slotId));
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
        var slotId = await Fixture.SlotAsync();
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
    public async Task InvalidPatientEmailAndPhoneInABookingAreNamedAndNothingIsBooked()
    {
        var slotId = await Fixture.SlotAsync();
        var body = new { slot_id = slotId, patient_name = "A", patient_email = "not-an-email", patient_phone = "12" };

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", body), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, "patient_email", "patient_phone");
        Assert.Equal(0, await Fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    [Fact]
    public async Task BookingAnUnknownSlotReturnsNotFound()
    {
        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", BookingBody(Guid.NewGuid())), HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task BookingByATimeWhenTheDoctorHasNoSlotThenReturnsNotFound()
    {
        var slotId = await Fixture.SlotAsync();
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
    [InlineData("patient_name", 256)]
    [InlineData("patient_phone", 21)]
    [InlineData("reason", 2001)]
    public async Task ATooLongBookingFieldIsNamedAndNothingIsBooked(string field, int length)
    {
        var slotId = await Fixture.SlotAsync();
        var booking = BookingFields(slotId);
        booking[field] = field == "patient_phone" ? new string('5', length) : new string('r', length);

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", booking), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
        Assert.Equal(0, await Fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    [Theory]
    [InlineData("patient_name", "Pat\u0000ient")]
    [InlineData("patient_name", "Pat\tient")]
    [InlineData("reason", "Pain\u0008")]
    public async Task AControlCharacterInABookingFieldIsNamedAndNothingIsBooked(string field, string value)
    {
        var slotId = await Fixture.SlotAsync();
        var booking = BookingFields(slotId);
        booking[field] = value;

        var problem = await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", booking), HttpStatusCode.BadRequest, Validation);

        AssertFieldErrors(problem, field);
        Assert.Equal(0, await Fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    [Fact]
    public async Task BookingASlotInThePastReturnsUnprocessableWithSlotInPastType()
    {
        var doctorId = await DoctorIdAsync();
        var slotId = Guid.NewGuid();
        await Fixture.Database.InsertSlotAsync(slotId, doctorId, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), new TimeOnly(9, 0));

        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", BookingBody(slotId)), HttpStatusCode.UnprocessableEntity, "/problems/slot-in-past");

        Assert.Equal(0, await Fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slotId)));
    }

    [Fact]
    public async Task BookingAPastSlotByDoctorDateAndTimeReturnsUnprocessable()
    {
        var doctorId = await DoctorIdAsync();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        await Fixture.Database.InsertSlotAsync(Guid.NewGuid(), doctorId, yesterday, new TimeOnly(9, 0));
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
    public async Task BookingATakenSlotReturnsConflictWithSlotTakenType()
    {
        var slotId = await Fixture.SlotAsync();
        using (var first = await PostJsonAsync("/api/appointments/book", BookingBody(slotId)))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        await AssertRefusedAsync(() => PostJsonAsync("/api/appointments/book", BookingBody(slotId, "second@example.com")), HttpStatusCode.Conflict, "/problems/slot-taken");

        Assert.Equal(1, await Fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slotId)));
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
}
