using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>What a slot grain knows of its slot: where it sits in time and which appointment, if any, holds it.</summary>
public sealed record SlotState(
    Guid DoctorId,
    DateOnly Date,
    TimeOnly Time,
    int DurationMinutes,
    DateTimeOffset CreatedAt,
    string TimeZone,
    Appointment? Active)
{
    /// <summary>The instant the slot starts, from its local date and time in the doctor's time zone.</summary>
    public DateTimeOffset StartsAt => Clock.ToInstant(Date, Time, TimeZone);

    /// <summary>True when an active appointment keeps the slot from a new booking at <paramref name="now"/>.</summary>
    public bool IsHeldAt(DateTimeOffset now) => Active?.HoldsSlotAt(now) == true;

    public Slot ToSlot(Guid id, DateTimeOffset now) =>
        new(id, DoctorId, Date, Time, DurationMinutes, IsAvailable: !IsHeldAt(now) && StartsAt > now, CreatedAt);
}
