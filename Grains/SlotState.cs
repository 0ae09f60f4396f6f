using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>
/// What a slot grain knows of its slot: where it sits in time and which appointment, if any, holds it
/// until when (the slot row's <c>held_by</c> and <c>hold_expires_at</c>; no end: confirmed).
/// </summary>
public sealed record SlotState(
    Guid DoctorId,
    DateOnly Date,
    TimeOnly Time,
    int DurationMinutes,
    DateTimeOffset CreatedAt,
    string TimeZone,
    Guid? HeldBy,
    DateTimeOffset? HoldExpiresAt)
{
    /// <summary>The instant the slot starts, from its local date and time in the doctor's time zone.</summary>
    public DateTimeOffset StartsAt => Clock.ToInstant(Date, Time, TimeZone);

    /// <summary>True when an unexpired hold or a confirmed appointment keeps the slot from a new booking at <paramref name="now"/>.</summary>
    public bool IsHeldAt(DateTimeOffset now) => HeldBy is not null && (HoldExpiresAt is null || HoldExpiresAt > now);

    public Slot ToSlot(Guid id, DateTimeOffset now) =>
        new(id, DoctorId, Date, Time, DurationMinutes, IsAvailable: !IsHeldAt(now) && StartsAt > now, CreatedAt);

    /// <summary>What the doctor's day schedule needs to know of this slot.</summary>
    public ScheduledSlot ToScheduled(Guid id) =>
        new(id, Time, DurationMinutes, CreatedAt, IsHeld: HeldBy is not null, HeldUntil: HoldExpiresAt);
}
