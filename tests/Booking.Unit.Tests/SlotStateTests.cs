using Booking.Grains;
using Booking.Grains.Interfaces;

namespace Booking.Unit.Tests;

public sealed class SlotStateTests
{
    private static readonly Guid _doctorId = Guid.NewGuid();
    private static readonly Guid _slotId = Guid.NewGuid();
    private static readonly DateTimeOffset _createdAt = new(2030, 5, 1, 8, 0, 0, TimeSpan.Zero);

    // 2030-07-01 09:00 in Berlin (CEST, +02:00) starts at 07:00 UTC.
    private static readonly DateTimeOffset _startsAt = new(2030, 7, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _now = _startsAt.AddDays(-1);

    private static SlotState ASlot(Hold? hold = null, string timeZone = "Europe/Berlin") =>
        new(_doctorId, new DateOnly(2030, 7, 1), new TimeOnly(9, 0), 30, _createdAt, timeZone, hold?.By, hold?.Until);

    /// <summary>The slot row's record of its holder: a PENDING hold until its expiry, a confirmed appointment without an end.</summary>
    private sealed record Hold(Guid By, DateTimeOffset? Until);

    private static Hold Pending(DateTimeOffset until) => new(Guid.NewGuid(), until);

    private static Hold Confirmed() => new(Guid.NewGuid(), null);

    [Fact]
    public void ASlotStartsAtItsLocalTimeInTheDoctorsZone()
    {
        Assert.Equal(_startsAt, ASlot().StartsAt);
        Assert.Equal(_startsAt.AddHours(2), ASlot(timeZone: "UTC").StartsAt);
        Assert.Equal(new DateTimeOffset(2030, 7, 1, 13, 0, 0, TimeSpan.Zero), ASlot(timeZone: "America/New_York").StartsAt);
    }

    [Fact]
    public void ASlotSkippedBySpringForwardStartsAsFarAfterTheJumpAsItsTimeLiesAfterTheJumpsStart()
    {
        // Berlin, 2026-03-29: 02:30 does not exist; read with the offset before the jump (CET), it is 03:30 CEST.
        var slot = new SlotState(_doctorId, new DateOnly(2026, 3, 29), new TimeOnly(2, 30), 30, _createdAt, "Europe/Berlin", null, null);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), slot.StartsAt);
    }

    [Fact]
    public void ASlotWithoutAnAppointmentIsNotHeld()
    {
        Assert.False(ASlot().IsHeldAt(_now));
    }

    [Fact]
    public void ASlotIsHeldByAPendingHoldUntilItExpires()
    {
        var slot = ASlot(Pending(_now.AddMinutes(5)));

        Assert.True(slot.IsHeldAt(_now));
        Assert.True(slot.IsHeldAt(_now.AddMinutes(5).AddTicks(-1)));
        Assert.False(slot.IsHeldAt(_now.AddMinutes(5)));
        Assert.False(slot.IsHeldAt(_now.AddMinutes(6)));
    }

    [Fact]
    public void ASlotIsHeldByAConfirmedAppointment()
    {
        Assert.True(ASlot(Confirmed()).IsHeldAt(_now));
        Assert.True(ASlot(Confirmed()).IsHeldAt(_now.AddYears(5)));
    }

    [Fact]
    public void TheScheduleHearsOfAHoldWithItsEndAndOfAConfirmedAppointmentWithout()
    {
        var pending = ASlot(Pending(_now.AddMinutes(5))).ToScheduled(_slotId);
        var confirmed = ASlot(Confirmed()).ToScheduled(_slotId);
        var free = ASlot().ToScheduled(_slotId);

        Assert.Equal(new ScheduledSlot(_slotId, new TimeOnly(9, 0), 30, _createdAt, IsHeld: true, HeldUntil: _now.AddMinutes(5)), pending);
        Assert.Equal(new ScheduledSlot(_slotId, new TimeOnly(9, 0), 30, _createdAt, IsHeld: true, HeldUntil: null), confirmed);
        Assert.Equal(new ScheduledSlot(_slotId, new TimeOnly(9, 0), 30, _createdAt, IsHeld: false, HeldUntil: null), free);
    }

    [Fact]
    public void AFreeFutureSlotIsAvailableAndKeepsItsDetails()
    {
        var slot = ASlot().ToSlot(_slotId, _now);

        Assert.Equal(new Slot(_slotId, _doctorId, new DateOnly(2030, 7, 1), new TimeOnly(9, 0), 30, IsAvailable: true, _createdAt), slot);
    }

    [Fact]
    public void AFutureSlotWhoseHoldLapsedIsAvailable()
    {
        Assert.True(ASlot(Pending(_now.AddMinutes(-1))).ToSlot(_slotId, _now).IsAvailable);
    }

    [Fact]
    public void AFutureSlotHeldByAPendingHoldIsNotAvailable()
    {
        Assert.False(ASlot(Pending(_now.AddMinutes(5))).ToSlot(_slotId, _now).IsAvailable);
    }

    [Fact]
    public void AFutureSlotWithAConfirmedAppointmentIsNotAvailable()
    {
        Assert.False(ASlot(Confirmed()).ToSlot(_slotId, _now).IsAvailable);
    }

    [Fact]
    public void AFreeSlotIsAvailableUntilTheMomentItStarts()
    {
        var slot = ASlot();

        Assert.True(slot.ToSlot(_slotId, _startsAt.AddTicks(-1)).IsAvailable);
        Assert.False(slot.ToSlot(_slotId, _startsAt).IsAvailable);
        Assert.False(slot.ToSlot(_slotId, _startsAt.AddMinutes(10)).IsAvailable);
        Assert.False(slot.ToSlot(_slotId, _startsAt.AddYears(1)).IsAvailable);
    }

    [Fact]
    public void AvailabilityUsesTheDoctorsZoneNotUtc()
    {
        // 08:00 UTC is after 09:00 in Berlin (07:00 UTC) but before 09:00 UTC.
        var now = new DateTimeOffset(2030, 7, 1, 8, 0, 0, TimeSpan.Zero);

        Assert.False(ASlot().ToSlot(_slotId, now).IsAvailable);
        Assert.True(ASlot(timeZone: "UTC").ToSlot(_slotId, now).IsAvailable);
    }
}
