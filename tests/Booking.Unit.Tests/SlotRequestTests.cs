using Booking.Api.Contracts;
using Booking.Grains.Interfaces;

namespace Booking.Unit.Tests;

public sealed class SlotRequestTests
{
    private const string DoctorIdText = "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f";
    private static readonly Guid _doctorId = Guid.Parse(DoctorIdText);

    private readonly FieldErrors _errors = new();

    private static CreateSlotsRequest OneSlot(string? date = "2030-05-06", string? time = "09:00", int? durationMinutes = null, string? doctorId = DoctorIdText) =>
        new(doctorId, date, time, null, durationMinutes, null, null, null, null, null);

    private static CreateSlotsRequest SeveralTimes(IReadOnlyList<string?> times, string? date = "2030-05-06", int? durationMinutes = null) =>
        new(DoctorIdText, date, null, times, durationMinutes, null, null, null, null, null);

    private static CreateSlotsRequest Range(
        string? startDate = "2030-05-06",
        string? endDate = "2030-05-06",
        string? startTime = "09:00",
        string? endTime = "12:00",
        int? slotMinutes = 30) =>
        new(DoctorIdText, null, null, null, null, startDate, endDate, startTime, endTime, slotMinutes);

    private static SlotTime At(string date, string time) => new(DateOnly.Parse(date), TimeOnly.Parse(time));

    private string[] Keys() => [.. _errors.ToDictionary().Keys.Order(StringComparer.Ordinal)];

    private void AssertRejectedOn(CreateSlotsRequest request, params string[] fields)
    {
        Assert.Null(request.Validate(_errors));
        Assert.Equal(fields.Order(StringComparer.Ordinal), Keys());
    }

    private (Guid DoctorId, IReadOnlyList<SlotTime> Slots, int DurationMinutes) AssertValid(CreateSlotsRequest request)
    {
        var result = request.Validate(_errors);
        Assert.Empty(_errors.ToDictionary());
        Assert.NotNull(result);
        return result.Value;
    }

    [Fact]
    public void ADateAndATimeMakeOneSlotOfThirtyMinutesByDefault()
    {
        var (doctorId, slots, minutes) = AssertValid(OneSlot());

        Assert.Equal(_doctorId, doctorId);
        Assert.Equal([At("2030-05-06", "09:00")], slots);
        Assert.Equal(30, minutes);
    }

    [Fact]
    public void ADateAndSeveralTimesMakeOneSlotPerTimeInTheGivenOrder()
    {
        var (_, slots, minutes) = AssertValid(SeveralTimes(["14:00", "09:00", "09:45"], durationMinutes: 45));

        Assert.Equal([At("2030-05-06", "14:00"), At("2030-05-06", "09:00"), At("2030-05-06", "09:45")], slots);
        Assert.Equal(45, minutes);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(480)]
    public void ADurationFromFiveMinutesToEightHoursIsAccepted(int minutes)
    {
        Assert.Equal(minutes, AssertValid(OneSlot(durationMinutes: minutes)).DurationMinutes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(481)]
    [InlineData(-30)]
    public void ADurationOutsideFiveMinutesToEightHoursIsRejected(int minutes)
    {
        AssertRejectedOn(OneSlot(durationMinutes: minutes), "duration_minutes");
    }

    [Fact]
    public void ARequestWithNoShapeIsRejected()
    {
        AssertRejectedOn(new CreateSlotsRequest(DoctorIdText, null, null, null, null, null, null, null, null, null), "slots");
    }

    [Fact]
    public void ADurationAloneIsNoShape()
    {
        AssertRejectedOn(new CreateSlotsRequest(DoctorIdText, null, null, null, 30, null, null, null, null, null), "slots");
    }

    [Theory]
    [InlineData("date", "start_date")]
    [InlineData("date", "end_date")]
    [InlineData("time", "start_time")]
    [InlineData("time", "end_time")]
    [InlineData("times", "slot_minutes")]
    [InlineData("date", "slot_minutes")]
    public void MixingAOneDateFieldWithARangeFieldIsRejected(string oneDateField, string rangeField)
    {
        var request = new CreateSlotsRequest(
            DoctorIdText,
            Date: oneDateField == "date" ? "2030-05-06" : null,
            Time: oneDateField == "time" ? "09:00" : null,
            Times: oneDateField == "times" ? ["09:00"] : null,
            DurationMinutes: null,
            StartDate: rangeField == "start_date" ? "2030-05-06" : null,
            EndDate: rangeField == "end_date" ? "2030-05-07" : null,
            StartTime: rangeField == "start_time" ? "09:00" : null,
            EndTime: rangeField == "end_time" ? "12:00" : null,
            SlotMinutes: rangeField == "slot_minutes" ? 30 : null);

        AssertRejectedOn(request, "slots");
    }

    [Fact]
    public void AFullOneSlotRequestPlusAFullRangeIsRejected()
    {
        var request = new CreateSlotsRequest(
            DoctorIdText, "2030-05-06", "09:00", null, 30, "2030-05-06", "2030-05-07", "09:00", "12:00", 30);

        AssertRejectedOn(request, "slots");
    }

    [Fact]
    public void GivingBothTimeAndTimesIsRejected()
    {
        var request = new CreateSlotsRequest(DoctorIdText, "2030-05-06", "09:00", ["10:00"], null, null, null, null, null, null);

        AssertRejectedOn(request, "time");
    }

    [Fact]
    public void ADateWithoutTimeOrTimesIsRejected()
    {
        AssertRejectedOn(OneSlot(time: null), "time");
    }

    [Fact]
    public void ATimeWithoutADateIsRejected()
    {
        AssertRejectedOn(OneSlot(date: null), "date");
    }

    [Theory]
    [InlineData("2025-02-30")]
    [InlineData("2030-5-6")]
    public void AnInvalidDateIsRejectedOnDate(string date)
    {
        AssertRejectedOn(OneSlot(date: date), "date");
    }

    [Theory]
    [InlineData("9:00")]
    [InlineData("24:00")]
    public void AnInvalidTimeIsRejectedOnTime(string time)
    {
        AssertRejectedOn(OneSlot(time: time), "time");
    }

    [Fact]
    public void AnInvalidEntryInTimesIsRejectedOnItsIndex()
    {
        AssertRejectedOn(SeveralTimes(["09:00", "9:30", "10:00", "25:61"]), "times[1]", "times[3]");
    }

    [Fact]
    public void AMissingEntryInTimesIsRejectedOnItsIndex()
    {
        AssertRejectedOn(SeveralTimes(["09:00", null]), "times[1]");
    }

    [Fact]
    public void AnEmptyListOfTimesIsRejected()
    {
        AssertRejectedOn(SeveralTimes([]), "times");
    }

    [Fact]
    public void EveryFiveMinuteSlotOfADayFitsInOneRequest()
    {
        // 288 slots of 5 minutes fill a day; more times than that on one date must overlap.
        var times = Enumerable.Range(0, 288)
            .Select(i => new TimeOnly(0, 0).AddMinutes(i * 5).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))
            .ToList<string?>();

        Assert.Equal(288, AssertValid(SeveralTimes(times, durationMinutes: 5)).Slots.Count);
    }

    [Fact]
    public void MoreThanFiveHundredTimesOnOneDateAreRejected()
    {
        var times = Enumerable.Range(0, CreateSlotsRequest.MaxTimesPerDate + 1)
            .Select(i => new TimeOnly(0, 0).AddMinutes(i * 2).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))
            .ToList<string?>();

        AssertRejectedOn(SeveralTimes(times), "times");
    }

    [Fact]
    public void ATimeListedTwiceIsRejectedAndNamed()
    {
        AssertRejectedOn(SeveralTimes(["09:00", "10:00", "09:00"]), "times");

        var message = Assert.Single(_errors.ToDictionary()["times"]);
        Assert.Contains("09:00", message, StringComparison.Ordinal);
        Assert.DoesNotContain("10:00", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimesThatDifferOnlyInSurroundingSpacesAreDuplicates()
    {
        AssertRejectedOn(SeveralTimes(["09:00", " 09:00 "]), "times");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    public void AMissingOrMalformedDoctorIdIsRejected(string? doctorId)
    {
        AssertRejectedOn(OneSlot(doctorId: doctorId), "doctor_id");
    }

    [Fact]
    public void ADoctorIdErrorIsReportedAlongsideAShapeError()
    {
        AssertRejectedOn(new CreateSlotsRequest(null, null, null, null, null, null, null, null, null, null), "doctor_id", "slots");
    }

    [Fact]
    public void ARangeMakesSlotsOfTheGivenLengthEveryDayFromStartTime()
    {
        var (doctorId, slots, minutes) = AssertValid(Range("2030-05-06", "2030-05-08", "09:00", "12:00", 60));

        Assert.Equal(_doctorId, doctorId);
        Assert.Equal(60, minutes);
        Assert.Equal(
            [
                At("2030-05-06", "09:00"), At("2030-05-06", "10:00"), At("2030-05-06", "11:00"),
                At("2030-05-07", "09:00"), At("2030-05-07", "10:00"), At("2030-05-07", "11:00"),
                At("2030-05-08", "09:00"), At("2030-05-08", "10:00"), At("2030-05-08", "11:00"),
            ],
            slots);
    }

    [Fact]
    public void ARangeSlotThatWouldEndAfterEndTimeIsNotGenerated()
    {
        var (_, slots, _) = AssertValid(Range("2030-05-06", "2030-05-07", "09:00", "10:50", 30));

        Assert.Equal(
            [
                At("2030-05-06", "09:00"), At("2030-05-06", "09:30"), At("2030-05-06", "10:00"),
                At("2030-05-07", "09:00"), At("2030-05-07", "09:30"), At("2030-05-07", "10:00"),
            ],
            slots);
    }

    [Fact]
    public void ARangeSlotThatEndsExactlyAtEndTimeIsGenerated()
    {
        var (_, slots, _) = AssertValid(Range(startTime: "09:00", endTime: "10:00", slotMinutes: 20));

        Assert.Equal([At("2030-05-06", "09:00"), At("2030-05-06", "09:20"), At("2030-05-06", "09:40")], slots);
    }

    [Fact]
    public void ARangeRunsAcrossMonthAndYearEnds()
    {
        var (_, slots, _) = AssertValid(Range("2030-12-30", "2031-01-02", "08:00", "08:30", 30));

        Assert.Equal(
            [At("2030-12-30", "08:00"), At("2030-12-31", "08:00"), At("2031-01-01", "08:00"), At("2031-01-02", "08:00")],
            slots);
    }

    [Fact]
    public void ARangeUpToTheLastMinuteOfTheDayIsGenerated()
    {
        var (_, slots, _) = AssertValid(Range(startTime: "23:00", endTime: "23:59", slotMinutes: 15));

        Assert.Equal(
            [At("2030-05-06", "23:00"), At("2030-05-06", "23:15"), At("2030-05-06", "23:30")],
            slots);
    }

    [Fact]
    public void ARangeWithoutSlotMinutesMakesThirtyMinuteSlots()
    {
        var (_, slots, minutes) = AssertValid(Range(startTime: "09:00", endTime: "10:30", slotMinutes: null));

        Assert.Equal(30, minutes);
        Assert.Equal([At("2030-05-06", "09:00"), At("2030-05-06", "09:30"), At("2030-05-06", "10:00")], slots);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(481)]
    public void SlotMinutesOutsideFiveToFourHundredEightyAreRejected(int minutes)
    {
        AssertRejectedOn(Range(startTime: "00:00", endTime: "23:59", slotMinutes: minutes), "slot_minutes");
    }

    [Theory]
    [InlineData(5, 96)]
    [InlineData(480, 1)]
    public void SlotMinutesAtTheLimitsAreAccepted(int minutes, int expectedSlots)
    {
        var (_, slots, actualMinutes) = AssertValid(Range(startTime: "08:00", endTime: "16:00", slotMinutes: minutes));

        Assert.Equal(minutes, actualMinutes);
        Assert.Equal(expectedSlots, slots.Count);
    }

    [Fact]
    public void SlotMinutesLongerThanTheDailyWindowAreRejected()
    {
        AssertRejectedOn(Range(startTime: "09:00", endTime: "09:45", slotMinutes: 60), "slot_minutes");
    }

    [Fact]
    public void AnEndDateBeforeTheStartDateIsRejected()
    {
        AssertRejectedOn(Range("2030-05-06", "2030-05-05"), "end_date");
    }

    [Theory]
    [InlineData("09:00", "09:00")]
    [InlineData("12:00", "09:00")]
    [InlineData("23:59", "00:00")]
    public void AnEndTimeNotAfterTheStartTimeIsRejected(string startTime, string endTime)
    {
        AssertRejectedOn(Range(startTime: startTime, endTime: endTime), "end_time");
    }

    [Fact]
    public void ARangeOfSixtyTwoDaysIsAccepted()
    {
        var (_, slots, _) = AssertValid(Range("2030-01-01", "2030-03-03", "09:00", "09:30", 30));

        Assert.Equal(62, slots.Count);
        Assert.Equal(At("2030-01-01", "09:00"), slots[0]);
        Assert.Equal(At("2030-03-03", "09:00"), slots[^1]);
    }

    [Theory]
    [InlineData("2030-03-05")]
    [InlineData("2030-06-01")]
    [InlineData("2031-01-01")]
    public void ARangeOfMoreThanSixtyTwoDaysIsRejected(string endDate)
    {
        AssertRejectedOn(Range("2030-01-01", endDate, "09:00", "09:30", 30), "end_date");
    }

    [Fact]
    public void ExactlyTwoThousandSlotsAreAccepted()
    {
        // 100 five-minute slots a day (08:00 to 16:20) for 20 days.
        var (_, slots, _) = AssertValid(Range("2030-05-01", "2030-05-20", "08:00", "16:20", 5));

        Assert.Equal(CreateSlotsRequest.MaxSlotsPerRequest, slots.Count);
        Assert.Equal(slots.Count, slots.Distinct().Count());
    }

    [Fact]
    public void MoreThanTwoThousandSlotsAreRejected()
    {
        // 100 five-minute slots a day for 21 days.
        AssertRejectedOn(Range("2030-05-01", "2030-05-21", "08:00", "16:20", 5), "slots");
        Assert.Contains("2100", Assert.Single(_errors.ToDictionary()["slots"]), StringComparison.Ordinal);
    }

    [Fact]
    public void ARangeWithOnlyAStartDateNamesEveryMissingField()
    {
        AssertRejectedOn(Range("2030-05-06", null, null, null, null), "end_date", "end_time", "start_time");
    }

    [Fact]
    public void ARangeWithMalformedValuesNamesEachField()
    {
        AssertRejectedOn(Range("2030/05/06", "2030-02-30", "9:00", "12:60", 30), "end_date", "end_time", "start_date", "start_time");
    }

    [Fact]
    public void TimesOfOneRequestCloserThanASlotsLengthOverlapAndAreRefused()
    {
        AssertRejectedOn(SeveralTimes(["10:00", "09:00", "09:45", "10:30"], durationMinutes: 60), "times[0]", "times[2]", "times[3]");
        Assert.Equal(["overlaps 09:00: each slot lasts 60 minutes."], _errors.ToDictionary()["times[2]"]);
    }

    [Fact]
    public void TimesExactlyOneSlotLengthApartDoNotOverlap()
    {
        var (_, slots, _) = AssertValid(SeveralTimes(["09:30", "09:00", "10:00"], durationMinutes: 30));

        Assert.Equal(3, slots.Count);
    }
}
