using Booking.Api.Contracts;
using Booking.Grains.Interfaces;

namespace Booking.Unit.Tests;

public sealed class RescheduleRequestTests
{
    private const string SlotIdText = "0b6f5c1e-2d3a-4b6c-9e7f-112233445566";
    private const string DoctorIdText = "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f";

    private readonly FieldErrors _errors = new();

    private string[] Keys() => [.. _errors.ToDictionary().Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void AMoveBySlotIdNamesOnlyTheSlot()
    {
        var target = new RescheduleRequest(SlotId: $" {SlotIdText} ").Validate(_errors);

        Assert.True(_errors.IsEmpty);
        Assert.Equal(new SlotTarget(Guid.Parse(SlotIdText), null, null), target);
    }

    [Fact]
    public void AMoveByDoctorDateAndTimeNamesThemAndNoSlot()
    {
        var target = new RescheduleRequest(DoctorId: DoctorIdText, AppointmentDate: "2030-05-06", AppointmentTime: "09:30").Validate(_errors);

        Assert.True(_errors.IsEmpty);
        Assert.Equal(new SlotTarget(null, Guid.Parse(DoctorIdText), new SlotTime(new DateOnly(2030, 5, 6), new TimeOnly(9, 30))), target);
    }

    [Theory]
    [InlineData(null, null, null, null, "slot_id")]
    [InlineData(SlotIdText, DoctorIdText, null, null, "slot_id")]
    [InlineData(SlotIdText, null, "2030-05-06", null, "slot_id")]
    [InlineData("12345", null, null, null, "slot_id")]
    [InlineData(null, DoctorIdText, "2030-05-06", null, "appointment_time")]
    [InlineData(null, null, "2030-05-06", "09:30", "doctor_id")]
    [InlineData(null, "nope", "06.05.2030", "9:30 pm", "appointment_date,appointment_time,doctor_id")]
    public void ATargetNamedNeitherWayBothWaysOrMalformedIsRefusedNamingTheFields(string? slotId, string? doctorId, string? date, string? time, string fields)
    {
        Assert.Null(new RescheduleRequest(slotId, doctorId, date, time).Validate(_errors));
        Assert.Equal(fields.Split(','), Keys());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData("  Feeling better\nthanks ", "Feeling better\nthanks")]
    public void ACancellationReasonIsOptionalAndTrimmed(string? reason, string? expected)
    {
        Assert.Equal(expected, new CancelRequest(reason).Validate(_errors));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void ACancellationReasonOfMoreThan500CharactersOrWithControlCharactersIsRefused()
    {
        Assert.Equal(500, new CancelRequest(new string('x', 500)).Validate(_errors)!.Length);
        Assert.True(_errors.IsEmpty);

        Assert.Null(new CancelRequest(new string('x', 501)).Validate(_errors));
        Assert.Null(new CancelRequest("bell\a").Validate(_errors));
        Assert.Equal(["must be at most 500 characters.", "must not contain control characters."], _errors.ToDictionary()["reason"]);
    }
}
