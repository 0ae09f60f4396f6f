using Booking.Api.Contracts;
using Booking.Grains.Interfaces;

namespace Booking.Unit.Tests;

public sealed class BookingRequestTests
{
    private const string SlotIdText = "0b6f5c1e-2d3a-4b6c-9e7f-112233445566";
    private const string DoctorIdText = "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f";

    private readonly FieldErrors _errors = new();

    private static BookingRequest BySlot(
        string? slotId = SlotIdText,
        string? name = "Anna Berg",
        string? email = "anna@example.com",
        string? phone = "+49 30 1234567",
        string? reason = null) =>
        new(slotId, null, null, null, name, email, phone, reason);

    private static BookingRequest ByTime(
        string? doctorId = DoctorIdText,
        string? date = "2030-05-06",
        string? time = "09:30") =>
        new(null, doctorId, date, time, "Anna Berg", "anna@example.com", "+49 30 1234567", null);

    private string[] Keys() => [.. _errors.ToDictionary().Keys.Order(StringComparer.Ordinal)];

    private void AssertRejectedOn(BookingRequest request, params string[] fields)
    {
        Assert.Null(request.Validate(_errors));
        Assert.Equal(fields.Order(StringComparer.Ordinal), Keys());
    }

    [Fact]
    public void ABookingBySlotIdNamesTheSlotAndThePatient()
    {
        var booking = BySlot(name: "  Anna Berg ", email: " anna@example.com", reason: " Back pain\nsince Monday ").Validate(_errors);

        Assert.True(_errors.IsEmpty);
        Assert.NotNull(booking);
        Assert.Equal(Guid.Parse(SlotIdText), booking.SlotId);
        Assert.Null(booking.DoctorId);
        Assert.Null(booking.At);
        Assert.Equal(new PatientDetails("Anna Berg", "anna@example.com", "+49 30 1234567", "Back pain\nsince Monday"), booking.Patient);
    }

    [Fact]
    public void ABookingByDoctorDateAndTimeNamesThemAndNoSlot()
    {
        var booking = ByTime().Validate(_errors);

        Assert.True(_errors.IsEmpty);
        Assert.NotNull(booking);
        Assert.Null(booking.SlotId);
        Assert.Equal(Guid.Parse(DoctorIdText), booking.DoctorId);
        Assert.Equal(new SlotTime(new DateOnly(2030, 5, 6), new TimeOnly(9, 30)), booking.At);
        Assert.Equal(new PatientDetails("Anna Berg", "anna@example.com", "+49 30 1234567", null), booking.Patient);
    }

    [Theory]
    [InlineData(DoctorIdText, null, null)]
    [InlineData(null, "2030-05-06", null)]
    [InlineData(null, null, "09:30")]
    [InlineData(DoctorIdText, "2030-05-06", "09:30")]
    public void GivingASlotIdAndAnyPartOfDoctorDateAndTimeIsRejected(string? doctorId, string? date, string? time)
    {
        var request = new BookingRequest(SlotIdText, doctorId, date, time, "Anna Berg", "anna@example.com", "+49 30 1234567", null);

        AssertRejectedOn(request, "slot_id");
    }

    [Fact]
    public void GivingNeitherASlotIdNorADoctorRequiresTheSlotId()
    {
        AssertRejectedOn(BySlot(slotId: null), "slot_id");
        Assert.Equal(["is required."], _errors.ToDictionary()["slot_id"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("slot-1")]
    [InlineData("0b6f5c1e2d3a4b6c9e7f112233445566")]
    public void AMalformedSlotIdIsRejected(string slotId)
    {
        AssertRejectedOn(BySlot(slotId: slotId), "slot_id");
    }

    [Fact]
    public void ADoctorWithoutDateAndTimeIsRejectedOnBoth()
    {
        AssertRejectedOn(ByTime(date: null, time: null), "appointment_date", "appointment_time");
    }

    [Fact]
    public void ADateAndTimeWithoutADoctorIsRejectedOnDoctorId()
    {
        AssertRejectedOn(ByTime(doctorId: null), "doctor_id");
    }

    [Theory]
    [InlineData("2025-02-30", "09:30", "appointment_date")]
    [InlineData("2030-5-6", "09:30", "appointment_date")]
    [InlineData("2030-05-06", "9:30", "appointment_time")]
    [InlineData("2030-05-06", "25:61", "appointment_time")]
    public void AMalformedAppointmentDateOrTimeIsRejectedOnItsField(string date, string time, string field)
    {
        AssertRejectedOn(ByTime(date: date, time: time), field);
    }

    [Fact]
    public void AMalformedDoctorIdIsRejected()
    {
        AssertRejectedOn(ByTime(doctorId: "doctor-7"), "doctor_id");
    }

    [Fact]
    public void MissingPatientDetailsAreAllRequired()
    {
        AssertRejectedOn(BySlot(name: null, email: " ", phone: ""), "patient_email", "patient_name", "patient_phone");
    }

    [Fact]
    public void PatientErrorsAreReportedTogetherWithSlotErrors()
    {
        AssertRejectedOn(BySlot(slotId: "nope", email: "nope"), "patient_email", "slot_id");
    }

    [Fact]
    public void PatientErrorsAreReportedTogetherWithDoctorDateAndTimeErrors()
    {
        var request = new BookingRequest(null, DoctorIdText, "2030-02-30", "09:30", "Anna", "anna@example.com", "12", null);

        AssertRejectedOn(request, "appointment_date", "patient_phone");
    }

    [Theory]
    [InlineData("not an email")]
    [InlineData("anna@")]
    public void AMalformedPatientEmailIsRejected(string email)
    {
        AssertRejectedOn(BySlot(email: email), "patient_email");
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("phone")]
    [InlineData("+49 30 1234567 8901 234")]
    public void AMalformedPatientPhoneIsRejected(string phone)
    {
        AssertRejectedOn(BySlot(phone: phone), "patient_phone");
    }

    [Fact]
    public void APatientNameOver255CharactersIsRejected()
    {
        AssertRejectedOn(BySlot(name: new string('a', 256)), "patient_name");
    }

    [Fact]
    public void APatientNameWithALineBreakIsRejected()
    {
        AssertRejectedOn(BySlot(name: "Anna\nBerg"), "patient_name");
    }

    [Fact]
    public void AReasonOver2000CharactersIsRejected()
    {
        Assert.NotNull(BySlot(reason: new string('r', 2000)).Validate(_errors));

        AssertRejectedOn(BySlot(reason: new string('r', 2001)), "reason");
    }

    [Fact]
    public void AReasonWithAControlCharacterIsRejected()
    {
        AssertRejectedOn(BySlot(reason: "Back\u0000pain"), "reason");
    }

    [Fact]
    public void ABlankReasonIsDropped()
    {
        var booking = BySlot(reason: "  \n ").Validate(_errors);

        Assert.NotNull(booking);
        Assert.Null(booking.Patient.Reason);
    }
}
