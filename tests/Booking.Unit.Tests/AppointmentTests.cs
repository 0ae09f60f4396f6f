using Booking.Grains.Interfaces;

namespace Booking.Unit.Tests;

public sealed class AppointmentTests
{
    private static readonly DateTimeOffset _now = new(2030, 5, 6, 9, 0, 0, TimeSpan.Zero);

    internal static Appointment AnAppointment(AppointmentStatus status, DateTimeOffset? expiresAt) => new(
        Guid.NewGuid(),
        Guid.NewGuid(),
        Guid.NewGuid(),
        new PatientDetails("Anna Berg", "anna@example.com", "+49 30 1234567", null),
        new DateOnly(2030, 5, 7),
        new TimeOnly(10, 0),
        status,
        CreatedAt: new DateTimeOffset(2030, 5, 6, 8, 55, 0, TimeSpan.Zero),
        ExpiresAt: expiresAt,
        UpdatedAt: new DateTimeOffset(2030, 5, 6, 8, 55, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void APendingHoldBeforeItExpiresHoldsTheSlot(int secondsLeft)
    {
        Assert.True(AnAppointment(AppointmentStatus.Pending, _now.AddSeconds(secondsLeft)).HoldsSlotAt(_now));
    }

    [Fact]
    public void APendingHoldOneTickBeforeItExpiresHoldsTheSlot()
    {
        Assert.True(AnAppointment(AppointmentStatus.Pending, _now.AddTicks(1)).HoldsSlotAt(_now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(86400)]
    public void APendingHoldAtOrAfterItsExpiryNoLongerHoldsTheSlot(int secondsPast)
    {
        Assert.False(AnAppointment(AppointmentStatus.Pending, _now.AddSeconds(-secondsPast)).HoldsSlotAt(_now));
    }

    [Fact]
    public void ExpiryIsComparedAsAnInstantWhateverTheOffset()
    {
        var expiresAt = new DateTimeOffset(2030, 5, 6, 11, 0, 1, TimeSpan.FromHours(2));
        var expired = new DateTimeOffset(2030, 5, 6, 11, 0, 1, TimeSpan.FromHours(3));

        Assert.True(AnAppointment(AppointmentStatus.Pending, expiresAt).HoldsSlotAt(_now));
        Assert.False(AnAppointment(AppointmentStatus.Pending, expired).HoldsSlotAt(_now));
    }

    [Fact]
    public void APendingHoldWithoutExpiryHoldsTheSlot()
    {
        Assert.True(AnAppointment(AppointmentStatus.Pending, null).HoldsSlotAt(_now));
    }

    [Theory]
    [InlineData(-3600)]
    [InlineData(3600)]
    public void AConfirmedAppointmentHoldsTheSlotWhateverItsOldExpiry(int expirySeconds)
    {
        Assert.True(AnAppointment(AppointmentStatus.Confirmed, _now.AddSeconds(expirySeconds)).HoldsSlotAt(_now));
        Assert.True(AnAppointment(AppointmentStatus.Confirmed, null).HoldsSlotAt(_now));
    }

    [Theory]
    [InlineData(AppointmentStatus.Cancelled)]
    [InlineData(AppointmentStatus.Expired)]
    public void ACancelledOrExpiredAppointmentNeverHoldsTheSlot(AppointmentStatus status)
    {
        Assert.False(AnAppointment(status, _now.AddHours(1)).HoldsSlotAt(_now));
        Assert.False(AnAppointment(status, _now.AddHours(-1)).HoldsSlotAt(_now));
        Assert.False(AnAppointment(status, null).HoldsSlotAt(_now));
    }

    [Fact]
    public void APendingHoldBeforeExpiryIsSeenAsPending()
    {
        var appointment = AnAppointment(AppointmentStatus.Pending, _now.AddMinutes(5));

        Assert.Equal(appointment, appointment.AsSeenAt(_now));
        Assert.Equal(AppointmentStatus.Pending, appointment.AsSeenAt(_now).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    public void APendingHoldAtOrAfterExpiryIsSeenAsExpiredAndOtherwiseUnchanged(int secondsPast)
    {
        var appointment = AnAppointment(AppointmentStatus.Pending, _now.AddSeconds(-secondsPast));

        var seen = appointment.AsSeenAt(_now);

        Assert.Equal(AppointmentStatus.Expired, seen.Status);
        Assert.Equal(appointment with { Status = AppointmentStatus.Expired }, seen);
        Assert.Equal(AppointmentStatus.Pending, appointment.Status);
    }

    [Fact]
    public void AConfirmedAppointmentPastItsOldExpiryIsSeenAsConfirmed()
    {
        var appointment = AnAppointment(AppointmentStatus.Confirmed, _now.AddMinutes(-30));

        Assert.Equal(appointment, appointment.AsSeenAt(_now));
    }

    [Theory]
    [InlineData(AppointmentStatus.Cancelled)]
    [InlineData(AppointmentStatus.Expired)]
    public void ACancelledOrExpiredAppointmentIsSeenAsItIs(AppointmentStatus status)
    {
        var appointment = AnAppointment(status, _now.AddMinutes(-30));

        Assert.Equal(status, appointment.AsSeenAt(_now).Status);
        Assert.Equal(appointment, appointment.AsSeenAt(_now));
        Assert.Equal(status, AnAppointment(status, _now.AddMinutes(30)).AsSeenAt(_now).Status);
    }
}
