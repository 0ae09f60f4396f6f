using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>
/// What a slot grain knows of its slot: where it sits in time and which appointment, if any, holds it
/// until when (the slot row's <c>held_by</c> and <c>hold_expires_at</c>; no end: confirmed). Serializable, because the slot
/// grain that runs a reschedule tells the other one what its slot now looks like.
/// </summary>
[GenerateSerializer, Immutable, Alias("Booking.SlotState")]
public sealed record SlotState(
    [property: Id(0)] Guid DoctorId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] TimeOnly Time,
    [property: Id(3)] int DurationMinutes,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string TimeZone,
    [property: Id(6)] Guid? HeldBy,
    [property: Id(7)] DateTimeOffset? HoldExpiresAt)
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
