using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Booking.Integration.Tests;

/// <summary>
/// Expiry in real time, on a cluster of its own with 3-second holds and a clock no test moves: the hold's reminder expires
/// it (also after a move) and goes, and the sweep expires a hold whose reminder was never registered.
/// </summary>
[Collection(ExpiryCollection.Name)]
public sealed class ExpiryTests(ExpiryClusterFixture fixture)
{
    private static readonly TimeSpan ExpiryBound = TimeSpan.FromSeconds(ExpiryClusterFixture.ShortHoldSeconds + 10);

    private ISlotGrain Slot(Guid id) => fixture.Client.GetGrain<ISlotGrain>(id);

    private IAppointmentGrain Appointment(Guid id) => fixture.Client.GetGrain<IAppointmentGrain>(id);

    private Task<Appointment> HoldAsync(Guid slotId, int patient = 0) => fixture.Data.HoldAsync(slotId, patient);

    /// <summary>How many EXPIRED events the appointment has from before <paramref name="by"/>.</summary>
    private Task<long> ExpiredBeforeAsync(Guid appointmentId, DateTimeOffset by) => fixture.Database.ScalarAsync(
        "SELECT count(*) FROM appointment_events WHERE appointment_id = @id AND to_status = 'EXPIRED' AND at < @by", ("id", appointmentId), ("by", by));

    [Fact]
    public async Task AnUnconfirmedHoldIsExpiredByItsReminderWhichIsThenRemoved()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = await HoldAsync(slot.Id);

        // Registered one-way after the booking's answer, so shortly after it.
        await Eventually.AssertAsync(async () => await fixture.Database.ExpiryRemindersAsync(hold.Id) == 1, TimeSpan.FromSeconds(5), "No expiry reminder was registered");

        Assert.True(await fixture.Database.StatusBecomesAsync(hold.Id, "EXPIRED", ExpiryBound));

        Assert.Equal(["->PENDING", "PENDING>EXPIRED"], await fixture.Database.EventsAsync(hold.Id));

        // Sooner than the expiry sweep may act: the reminder did it.
        Assert.Equal(1, await ExpiredBeforeAsync(hold.Id, hold.ExpiresAt!.Value + BookingClusterFixture.SweepGrace));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = @id AND is_available", ("id", slot.Id)));
        await Eventually.AssertAsync(async () => await fixture.Database.ExpiryRemindersAsync(hold.Id) == 0, TimeSpan.FromSeconds(5), "The expiry reminder was not removed");
        Assert.Equal(BookingOutcome.Booked, (await Slot(slot.Id).BookAsync(TestData.Patient(2))).Outcome);
    }

    [Fact]
    public async Task TheReminderExpiresAMovedHoldOnItsNewSlot()
    {
        var slots = await fixture.Data.SlotsAsync(2);
        var hold = await HoldAsync(slots[0].Id);
        Assert.Equal(RescheduleOutcome.Rescheduled, (await Appointment(hold.Id).RescheduleAsync(slots[1].Id, DateTimeOffset.UtcNow.AddMinutes(1))).Outcome);

        Assert.True(await fixture.Database.StatusBecomesAsync(hold.Id, "EXPIRED", ExpiryBound));

        Assert.Equal(["->PENDING", $"PENDING>PENDING {slots[0].Id}>{slots[1].Id}", "PENDING>EXPIRED"], await fixture.Database.EventsAsync(hold.Id));

        // Sooner than the expiry sweep may act: the reminder, which asked the slot the hold is on now.
        Assert.Equal(1, await ExpiredBeforeAsync(hold.Id, hold.ExpiresAt!.Value + BookingClusterFixture.SweepGrace));
        Assert.Null(await fixture.Database.HolderAsync(slots[1].Id));
        Assert.Equal(BookingOutcome.Booked, (await Slot(slots[1].Id).BookAsync(TestData.Patient(2))).Outcome);
    }

    [Fact]
    public async Task AHoldWhoseReminderWasNeverRegisteredIsExpiredByTheSweepSoonAfterItsTime()
    {
        // Committed the way a slot grain commits, but nobody registers the reminder: the silo died between the two.
        var slot = await fixture.Data.SlotAsync();
        var attempt = await fixture.Services.GetRequiredService<SlotStore>().BookAsync(slot.Id, SlotGrainTestExtensions.Hold(TestData.Patient()), TimeSpan.FromSeconds(1));
        Assert.Equal(BookingOutcome.Booked, attempt.Outcome);
        var hold = attempt.Appointment!;

        // The sweep runs every half second and leaves a hold SweepGrace past its time to the reminder it does not have; nothing
        // else would ever expire this one. Never sooner than that; the wait is bounded generously past it (a busy machine
        // delays the sweep), and the expiry is recorded at or before the moment it was seen.
        var from = hold.ExpiresAt!.Value + BookingClusterFixture.SweepGrace;
        Assert.True(await fixture.Database.StatusBecomesAsync(hold.Id, "EXPIRED", from + TimeSpan.FromSeconds(30) - DateTimeOffset.UtcNow));
        var seen = DateTimeOffset.UtcNow;

        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM appointment_events WHERE appointment_id = @id AND to_status = 'EXPIRED' AND at >= @from AND at <= @seen",
            ("id", hold.Id), ("from", from), ("seen", seen)));
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM orleans_reminder WHERE grain_id LIKE '%' || @id || '%'", ("id", hold.Id.ToString("N"))));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = @id AND held_by IS NULL AND is_available", ("id", slot.Id)));
    }
}
