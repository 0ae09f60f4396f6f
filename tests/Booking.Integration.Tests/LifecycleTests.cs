using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

/// <summary>Expiry, confirm, cancel and their races, on the in-process cluster (its clock moved past a hold's time to lapse it).</summary>
[Collection(ClusterCollection.Name)]
public sealed class LifecycleTests(BookingClusterFixture fixture)
{
    private ISlotGrain Slot(Guid id) => fixture.Client.GetGrain<ISlotGrain>(id);

    private IAppointmentGrain Appointment(Guid id) => fixture.Client.GetGrain<IAppointmentGrain>(id);

    private Task<Appointment> HoldAsync(Guid slotId, int patient = 0) => fixture.Data.HoldAsync(slotId, patient);

    private async Task<string> StoredStatusAsync(Guid appointmentId) => (await fixture.Database.StatusAsync(appointmentId))!;

    private Task<List<string>> EventsOfAsync(Guid appointmentId) => fixture.Database.TextsAsync(
        "SELECT coalesce(from_status, '-') || '>' || to_status FROM appointment_events WHERE appointment_id = @id ORDER BY id", ("id", appointmentId));

    private Task<bool> BecomesAsync(Guid appointmentId, string status, TimeSpan limit) => fixture.Database.StatusBecomesAsync(appointmentId, status, limit);

    [Fact]
    public async Task AConfirmedAppointmentLosesItsReminderAndOutlivesTheHold()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = await HoldAsync(slot.Id);

        // The booking registers the reminder one-way, just after its answer: the confirm removes it once it is there.
        await Eventually.AssertAsync(async () => await fixture.Database.ExpiryRemindersAsync(hold.Id) == 1, TimeSpan.FromSeconds(5), "No expiry reminder was registered");
        Assert.Equal(AppointmentChangeOutcome.Changed, (await Appointment(hold.Id).ConfirmAsync()).Outcome);
        Assert.Equal(0, await fixture.Database.ExpiryRemindersAsync(hold.Id));
        fixture.Clock.AdvanceTo(hold.ExpiresAt!.Value + TimeSpan.FromSeconds(1));

        Assert.Equal("CONFIRMED", await StoredStatusAsync(hold.Id));
        Assert.Equal(["->PENDING", "PENDING>CONFIRMED"], await EventsOfAsync(hold.Id));
        Assert.Equal(BookingOutcome.SlotTaken, (await Slot(slot.Id).BookAsync(TestData.Patient(2))).Outcome);
    }

    [Fact]
    public async Task AConfirmRemovesTheReminderEvenWhenItWasWrittenAgainSinceItsGrainRegisteredIt()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = await HoldAsync(slot.Id);
        await Eventually.AssertAsync(async () => await fixture.Database.ExpiryRemindersAsync(hold.Id) == 1, TimeSpan.FromSeconds(5), "No expiry reminder was registered");

        // A write the grain did not make (its ETag is the version): the handle the grain kept no longer removes the row.
        await fixture.Database.ExecuteAsync(
            "UPDATE orleans_reminder SET version = version + 1 WHERE reminder_name = 'hold-expiry' AND grain_id LIKE '%' || @id || '%'",
            ("id", hold.Id.ToString("N")));
        Assert.Equal(AppointmentChangeOutcome.Changed, (await Appointment(hold.Id).ConfirmAsync()).Outcome);

        Assert.Equal(0, await fixture.Database.ExpiryRemindersAsync(hold.Id));
    }

    [Fact]
    public async Task CancellingFreesTheSlotAtOnceAndCancellingAgainChangesNothing()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = await HoldAsync(slot.Id);
        Assert.Equal(AppointmentChangeOutcome.Changed, (await Appointment(hold.Id).ConfirmAsync()).Outcome);

        var cancelled = await Appointment(hold.Id).CancelAsync();
        var again = await Appointment(hold.Id).CancelAsync();
        var confirmAfter = await Appointment(hold.Id).ConfirmAsync();

        Assert.Equal(AppointmentChangeOutcome.Changed, cancelled.Outcome);
        Assert.Equal(AppointmentStatus.Cancelled, cancelled.Appointment!.Status);
        Assert.Equal(AppointmentChangeOutcome.Unchanged, again.Outcome);
        Assert.Equal(AppointmentChangeOutcome.Cancelled, confirmAfter.Outcome);
        Assert.Equal(["->PENDING", "PENDING>CONFIRMED", "CONFIRMED>CANCELLED"], await EventsOfAsync(hold.Id));
        Assert.Equal(BookingOutcome.Booked, (await Slot(slot.Id).BookAsync(TestData.Patient(2))).Outcome);
    }

    [Fact]
    public async Task CancellingALapsedHoldIsRefusedAsExpired()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = await HoldAsync(slot.Id);
        fixture.Lapse(hold.ExpiresAt!.Value);

        var result = await Appointment(hold.Id).CancelAsync();

        Assert.Equal(AppointmentChangeOutcome.HoldExpired, result.Outcome);
        Assert.NotEqual("CANCELLED", await StoredStatusAsync(hold.Id));
    }

    [Fact]
    public async Task AnExpiryAskedForBeforeItsTimeChangesNothing()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = await HoldAsync(slot.Id);

        var result = await Slot(slot.Id).ExpireAsync(hold.Id);

        Assert.Equal(AppointmentChangeOutcome.NotDue, result.Outcome);
        Assert.Equal("PENDING", await StoredStatusAsync(hold.Id));
        Assert.Equal(BookingOutcome.SlotTaken, (await Slot(slot.Id).BookAsync(TestData.Patient(2))).Outcome);
    }

    [Fact]
    public async Task ConfirmRacingTheExpiryEndsConfirmedOrExpiredNeverBoth()
    {
        // Confirms are fired around expires_at, against an expiry fired at the same moment.
        var slots = await fixture.Data.SlotsAsync(12);
        var holds = await Task.WhenAll(slots.Select((s, i) => HoldAsync(s.Id, i)));
        fixture.Clock.AdvanceTo(holds.Max(h => h.ExpiresAt!.Value) - TimeSpan.FromMilliseconds(60));

        var races = await Task.WhenAll(holds.Select(async (hold, i) =>
        {
            await Task.Delay(i * 10);
            var confirm = Appointment(hold.Id).ConfirmAsync();
            var expire = Slot(hold.SlotId).ExpireAsync(hold.Id);
            return (Hold: hold, Confirm: await confirm, Expire: await expire);
        }));

        foreach (var (hold, confirm, expire) in races)
        {
            Assert.False(confirm.Outcome == AppointmentChangeOutcome.Changed && expire.Outcome == AppointmentChangeOutcome.Changed);
            var status = await StoredStatusAsync(hold.Id);
            var events = await EventsOfAsync(hold.Id);
            if (confirm.Outcome == AppointmentChangeOutcome.Changed)
            {
                Assert.Equal("CONFIRMED", status);
                Assert.Equal(["->PENDING", "PENDING>CONFIRMED"], events);
                Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(hold.SlotId));
            }
            else
            {
                Assert.Equal(AppointmentChangeOutcome.HoldExpired, confirm.Outcome);
                Assert.True(await BecomesAsync(hold.Id, "EXPIRED", TimeSpan.FromSeconds(10)));
                Assert.Equal(["->PENDING", "PENDING>EXPIRED"], await EventsOfAsync(hold.Id));
                Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(hold.SlotId));
            }
        }
    }

    [Fact]
    public async Task CancelRacingConfirmAlwaysEndsCancelledWithTheSlotFree()
    {
        var slots = await fixture.Data.SlotsAsync(15);
        var holds = await Task.WhenAll(slots.Select((s, i) => HoldAsync(s.Id, i)));

        var races = await Task.WhenAll(holds.Select(async hold =>
        {
            var confirm = Appointment(hold.Id).ConfirmAsync();
            var cancel = Appointment(hold.Id).CancelAsync();
            return (Hold: hold, Confirm: await confirm, Cancel: await cancel);
        }));

        foreach (var (hold, confirm, cancel) in races)
        {
            Assert.Equal(AppointmentChangeOutcome.Changed, cancel.Outcome);
            Assert.Contains(confirm.Outcome, new[] { AppointmentChangeOutcome.Changed, AppointmentChangeOutcome.Cancelled });
            Assert.Equal("CANCELLED", await StoredStatusAsync(hold.Id));
            var expected = confirm.Outcome == AppointmentChangeOutcome.Changed
                ? new[] { "->PENDING", "PENDING>CONFIRMED", "CONFIRMED>CANCELLED" }
                : ["->PENDING", "PENDING>CANCELLED"];
            Assert.Equal(expected, await EventsOfAsync(hold.Id));
            Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(hold.SlotId));
        }
    }

    [Fact]
    public async Task ANewBookingRacingTheExpiryOfALapsedHoldWinsOnceAndTheOldHoldExpiresOnce()
    {
        var slots = await fixture.Data.SlotsAsync(10);
        var holds = await Task.WhenAll(slots.Select((s, i) => HoldAsync(s.Id, i)));
        fixture.Lapse(holds.Max(h => h.ExpiresAt!.Value));

        var races = await Task.WhenAll(holds.Select(async hold =>
        {
            var expire = Slot(hold.SlotId).ExpireAsync(hold.Id);
            var book = Slot(hold.SlotId).BookAsync(TestData.Patient(99));
            return (Hold: hold, Expire: await expire, Book: await book);
        }));

        foreach (var (hold, _, book) in races)
        {
            Assert.Equal(BookingOutcome.Booked, book.Outcome);
            Assert.Equal("EXPIRED", await StoredStatusAsync(hold.Id));
            Assert.Equal(["->PENDING", "PENDING>EXPIRED"], await EventsOfAsync(hold.Id));
            Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(hold.SlotId));
        }
    }
}
