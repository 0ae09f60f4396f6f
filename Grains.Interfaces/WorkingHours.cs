namespace Booking.Grains.Interfaces;

/// <summary>A period of work in the doctor's local time, <see cref="Start"/> before <see cref="End"/> on the same day.</summary>
[GenerateSerializer, Immutable, Alias("Booking.TimePeriod")]
public sealed record TimePeriod(
    [property: Id(0)] TimeOnly Start,
    [property: Id(1)] TimeOnly End);

/// <summary>A period of work on every <see cref="Day"/>, in the doctor's local time.</summary>
[GenerateSerializer, Immutable, Alias("Booking.WeeklyPeriod")]
public sealed record WeeklyPeriod(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] TimeOnly Start,
    [property: Id(2)] TimeOnly End);

/// <summary>A date whose hours differ from its weekday's: other <see cref="Periods"/>, or none (a day off, a holiday).</summary>
[GenerateSerializer, Immutable, Alias("Booking.WorkingDayException")]
public sealed record WorkingDayException(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] IReadOnlyList<TimePeriod> Periods,
    [property: Id(2)] string? Note);

/// <summary>
/// A doctor's working hours: slots of <see cref="SlotMinutes"/> made back to back within each period, with
/// <see cref="BufferMinutes"/> between one slot's end and the next one's start. Validated by the Api: periods
/// of one day do not overlap, each ends after it starts and holds at least one slot, exception dates are unique.
/// </summary>
[GenerateSerializer, Immutable, Alias("Booking.WorkingHours")]
public sealed record WorkingHours(
    [property: Id(0)] int SlotMinutes,
    [property: Id(1)] int BufferMinutes,
    [property: Id(2)] IReadOnlyList<WeeklyPeriod> Weekly,
    [property: Id(3)] IReadOnlyList<WorkingDayException> Exceptions)
{
    /// <summary>True when the rules make no slot on any day: nothing to generate, no reminder needed.</summary>
    public bool IsEmpty => Weekly.Count == 0 && Exceptions.All(e => e.Periods.Count == 0);
}

/// <summary>
/// A slot of a preview: what the hours would make, and whether saving them would leave it out because a slot that stays
/// (held, booked or made by hand) is in its way.
/// </summary>
[GenerateSerializer, Immutable, Alias("Booking.PreviewSlot")]
public sealed record PreviewSlot(
    [property: Id(0)] PlannedSlot Slot,
    [property: Id(1)] bool Blocked);

/// <summary>A slot that working hours make: local date and time, length, and the instant it starts.</summary>
[GenerateSerializer, Immutable, Alias("Booking.PlannedSlot")]
public sealed record PlannedSlot(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] TimeOnly Time,
    [property: Id(2)] int DurationMinutes,
    [property: Id(3)] DateTimeOffset StartsAt)
{
    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);
}

/// <summary>A held (PENDING, unexpired) or booked (CONFIRMED) future slot that the working hours would not make.</summary>
[GenerateSerializer, Immutable, Alias("Booking.UnfitSlot")]
public sealed record UnfitSlot(
    [property: Id(0)] Slot Slot,
    [property: Id(1)] Guid AppointmentId,
    [property: Id(2)] DateTimeOffset? HeldUntil,
    [property: Id(3)] bool Generated);

/// <summary>
/// A doctor's working hours as stored (<see cref="Rules"/> null: none set), when they were last replaced,
/// the last day generated slots reach, and the held or booked slots up to that day that do not fit them.
/// </summary>
[GenerateSerializer, Immutable, Alias("Booking.WorkingHoursView")]
public sealed record WorkingHoursView(
    [property: Id(0)] WorkingHours? Rules,
    [property: Id(1)] DateTimeOffset? UpdatedAt,
    [property: Id(2)] DateOnly GeneratedThrough,
    [property: Id(3)] IReadOnlyList<UnfitSlot> Unfit);

/// <summary>What replacing working hours did: slots created and deleted, and the view afterwards.</summary>
[GenerateSerializer, Immutable, Alias("Booking.WorkingHoursWriteResult")]
public sealed record WorkingHoursWriteResult(
    [property: Id(0)] bool DoctorFound,
    [property: Id(1)] WorkingHoursView? View,
    [property: Id(2)] int Created,
    [property: Id(3)] int Deleted);
