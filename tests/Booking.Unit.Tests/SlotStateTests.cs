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

    private static SlotState ASlot(Appointment? active = null, string timeZone = "Europe/Berlin") =>
        new(_doctorId, new DateOnly(2030, 7, 1), new TimeOnly(9, 0), 30, _createdAt, timeZone, active);

    private static Appointment Held(AppointmentStatus status, DateTimeOffset? expiresAt) =>
        AppointmentTests.AnAppointment(status, expiresAt);

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
        var slot = new SlotState(_doctorId, new DateOnly(2026, 3, 29), new TimeOnly(2, 30), 30, _createdAt, "Europe/Berlin", null);

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
        var slot = ASlot(Held(AppointmentStatus.Pending, _now.AddMinutes(5)));

        Assert.True(slot.IsHeldAt(_now));
        Assert.True(slot.IsHeldAt(_now.AddMinutes(5).AddTicks(-1)));
        Assert.False(slot.IsHeldAt(_now.AddMinutes(5)));
        Assert.False(slot.IsHeldAt(_now.AddMinutes(6)));
    }

    [Fact]
    public void ASlotIsHeldByAConfirmedAppointment()
    {
        Assert.True(ASlot(Held(AppointmentStatus.Confirmed, _now.AddMinutes(-5))).IsHeldAt(_now));
    }

    [Theory]
    [InlineData(AppointmentStatus.Cancelled)]
    [InlineData(AppointmentStatus.Expired)]
    public void ASlotIsNotHeldByACancelledOrExpiredAppointment(AppointmentStatus status)
    {
        Assert.False(ASlot(Held(status, _now.AddMinutes(5))).IsHeldAt(_now));
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
        Assert.True(ASlot(Held(AppointmentStatus.Pending, _now.AddMinutes(-1))).ToSlot(_slotId, _now).IsAvailable);
    }

    [Theory]
    [InlineData(AppointmentStatus.Cancelled)]
    [InlineData(AppointmentStatus.Expired)]
    public void AFutureSlotWhoseAppointmentEndedIsAvailable(AppointmentStatus status)
    {
        Assert.True(ASlot(Held(status, _now.AddMinutes(5))).ToSlot(_slotId, _now).IsAvailable);
    }

    [Fact]
    public void AFutureSlotHeldByAPendingHoldIsNotAvailable()
    {
        Assert.False(ASlot(Held(AppointmentStatus.Pending, _now.AddMinutes(5))).ToSlot(_slotId, _now).IsAvailable);
    }

    [Fact]
    public void AFutureSlotWithAConfirmedAppointmentIsNotAvailable()
    {
        Assert.False(ASlot(Held(AppointmentStatus.Confirmed, null)).ToSlot(_slotId, _now).IsAvailable);
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
