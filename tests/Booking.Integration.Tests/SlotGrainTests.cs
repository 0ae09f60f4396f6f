using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SlotGrainTests(BookingClusterFixture fixture)
{
    private ISlotGrain Slot(Guid id) => fixture.Client.GetGrain<ISlotGrain>(id);

    [Fact]
    public async Task BookingAFreeSlotPlacesAPendingHoldForTheHoldDuration()
    {
        var slot = await fixture.Data.SlotAsync();
        var before = DateTimeOffset.UtcNow;

        var result = await Slot(slot.Id).BookAsync(TestData.Patient());

        Assert.Equal(BookingOutcome.Booked, result.Outcome);
        var appointment = result.Appointment!;
        Assert.Equal(AppointmentStatus.Pending, appointment.Status);
        Assert.Equal(slot.Id, appointment.SlotId);
        Assert.Equal(slot.DoctorId, appointment.DoctorId);
        Assert.Equal((slot.Date, slot.Time), (appointment.Date, appointment.Time));
        Assert.InRange(appointment.ExpiresAt!.Value - appointment.CreatedAt, TimeSpan.FromSeconds(BookingClusterFixture.HoldSeconds - 0.01), TimeSpan.FromSeconds(BookingClusterFixture.HoldSeconds + 0.01));
        Assert.True(appointment.CreatedAt >= before.AddSeconds(-1));
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slot.Id));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = @id AND is_available", ("id", slot.Id)));
        Assert.False((await Slot(slot.Id).GetAsync())!.IsAvailable);
    }

    [Fact]
    public async Task BookingAHeldSlotIsRefusedAndWritesNothing()
    {
        var slot = await fixture.Data.SlotAsync();
        Assert.Equal(BookingOutcome.Booked, (await Slot(slot.Id).BookAsync(TestData.Patient(1))).Outcome);

        var second = await Slot(slot.Id).BookAsync(TestData.Patient(2));

        Assert.Equal(BookingOutcome.SlotTaken, second.Outcome);
        Assert.Null(second.Appointment);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slot.Id)));
    }

    [Fact]
    public async Task ConcurrentBookingsOfOneSlotHaveExactlyOneWinner()
    {
        var slot = await fixture.Data.SlotAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Slot(slot.Id).BookAsync(TestData.Patient(i))));

        Assert.Single(results, r => r.Outcome == BookingOutcome.Booked);
        Assert.Equal(299, results.Count(r => r.Outcome == BookingOutcome.SlotTaken));
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slot.Id));
    }

    [Fact]
    public async Task ALapsedHoldIsExpiredByTheNextBookingInTheSameTransaction()
    {
        var slot = await fixture.Data.SlotAsync();
        var first = (await Slot(slot.Id).BookAsync(TestData.Patient(1))).Appointment!;
        Assert.Equal(BookingOutcome.SlotTaken, (await Slot(slot.Id).BookAsync(TestData.Patient(2))).Outcome);

        fixture.Lapse(first.ExpiresAt!.Value);
        var second = await Slot(slot.Id).BookAsync(TestData.Patient(3));

        Assert.Equal(BookingOutcome.Booked, second.Outcome);
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slot.Id));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND status = 'EXPIRED'", ("id", first.Id)));
        var seen = await fixture.Client.GetGrain<IAppointmentGrain>(first.Id).GetAsync();
        Assert.Equal(AppointmentStatus.Expired, seen!.Status);
    }

    [Fact]
    public async Task ALapsedHoldReadsAsExpiredBeforeAnythingWritesIt()
    {
        // A hold whose expiry has not run (no reminder, as after a lost registration): only its time says it lapsed.
        var slot = await fixture.Data.SlotAsync();
        var holdId = Guid.NewGuid();
        await fixture.Database.ExecuteAsync("""
            INSERT INTO appointments (id, slot_id, doctor_id, patient_name, patient_email, patient_phone, appointment_date, appointment_time, status, expires_at)
            SELECT @id, id, doctor_id, 'Late', 'late@example.com', '12345', date, time, 'PENDING', now() - interval '1 second' FROM slots WHERE id = @slot
            """, ("id", holdId), ("slot", slot.Id));

        Assert.Equal(AppointmentStatus.Expired, (await fixture.Client.GetGrain<IAppointmentGrain>(holdId).GetAsync())!.Status);
        Assert.True((await Slot(slot.Id).GetAsync())!.IsAvailable);
        var listed = await fixture.Client.GetGrain<IBookingQueryGrain>(0).ListSlotsAsync(new SlotQuery(slot.DoctorId, slot.Date));
        Assert.Contains(listed, s => s.Id == slot.Id && s.IsAvailable);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND status = 'PENDING'", ("id", holdId)));
    }

    [Fact]
    public async Task ASlotThatHasStartedCannotBeBooked()
    {
        var slotId = await fixture.Data.PastSlotAsync();

        var result = await Slot(slotId).BookAsync(TestData.Patient());

        Assert.Equal(BookingOutcome.SlotInPast, result.Outcome);
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slotId)));
    }

    [Fact]
    public async Task BookingAnUnknownSlotReportsNotFound()
    {
        var result = await Slot(Guid.NewGuid()).BookAsync(TestData.Patient());

        Assert.Equal(BookingOutcome.SlotNotFound, result.Outcome);
    }

    [Fact]
    public async Task ASlotPublishedAfterItsGrainWasAskedCanStillBeBooked()
    {
        var doctor = await fixture.Data.DoctorAsync();
        var slotId = Guid.NewGuid();
        Assert.Equal(BookingOutcome.SlotNotFound, (await Slot(slotId).BookAsync(TestData.Patient())).Outcome);
        await fixture.Database.InsertSlotAsync(slotId, doctor.Id, TestData.FutureDate(), new TimeOnly(10, 0));

        Assert.Equal(BookingOutcome.Booked, (await Slot(slotId).BookAsync(TestData.Patient())).Outcome);
    }

    [Fact]
    public async Task ConfirmingAnUnexpiredHoldConfirmsItAndConfirmingAgainChangesNothing()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = (await Slot(slot.Id).BookAsync(TestData.Patient())).Appointment!;
        var appointment = fixture.Client.GetGrain<IAppointmentGrain>(hold.Id);

        var first = await appointment.ConfirmAsync();
        var again = await appointment.ConfirmAsync();

        Assert.Equal(AppointmentChangeOutcome.Changed, first.Outcome);
        Assert.Equal(AppointmentStatus.Confirmed, first.Appointment!.Status);
        Assert.Equal(AppointmentChangeOutcome.Unchanged, again.Outcome);
        Assert.Equal(AppointmentStatus.Confirmed, again.Appointment!.Status);

        // A confirmed appointment keeps its slot past the hold's expiry.
        fixture.Lapse(hold.ExpiresAt!.Value);
        Assert.Equal(BookingOutcome.SlotTaken, (await Slot(slot.Id).BookAsync(TestData.Patient(2))).Outcome);
        Assert.Equal(AppointmentStatus.Confirmed, (await appointment.GetAsync())!.Status);
    }

    [Fact]
    public async Task ListingsShowHeldAndConfirmedSlotsAsUnavailableAndFreeOnesAsAvailable()
    {
        var slots = await fixture.Data.SlotsAsync(3);
        Assert.Equal(BookingOutcome.Booked, (await Slot(slots[0].Id).BookAsync(TestData.Patient())).Outcome);
        var confirmed = (await Slot(slots[1].Id).BookAsync(TestData.Patient())).Appointment!;
        Assert.Equal(AppointmentChangeOutcome.Changed, (await fixture.Client.GetGrain<IAppointmentGrain>(confirmed.Id).ConfirmAsync()).Outcome);
        var queries = fixture.Client.GetGrain<IBookingQueryGrain>(0);

        var all = await queries.ListSlotsAsync(new SlotQuery(slots[0].DoctorId, slots[0].Date, IncludeUnavailable: true));
        var free = await queries.ListSlotsAsync(new SlotQuery(slots[0].DoctorId, slots[0].Date));

        Assert.Equal([false, false, true], all.OrderBy(s => s.Time).Select(s => s.IsAvailable));
        Assert.Equal([slots[2].Id], free.Select(s => s.Id));
    }

    [Fact]
    public async Task ConfirmingALapsedHoldIsRefusedAsExpired()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = (await Slot(slot.Id).BookAsync(TestData.Patient())).Appointment!;
        fixture.Lapse(hold.ExpiresAt!.Value);

        var result = await fixture.Client.GetGrain<IAppointmentGrain>(hold.Id).ConfirmAsync();

        Assert.Equal(AppointmentChangeOutcome.HoldExpired, result.Outcome);
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND status = 'CONFIRMED'", ("id", hold.Id)));
    }

    [Fact]
    public async Task ConfirmingAnUnknownAppointmentReportsNotFound()
    {
        var result = await fixture.Client.GetGrain<IAppointmentGrain>(Guid.NewGuid()).ConfirmAsync();

        Assert.Equal(AppointmentChangeOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task ASlotWithAnActiveHoldCannotBeDeletedButAFreeOneCan()
    {
        var slots = await fixture.Data.SlotsAsync(2);
        await Slot(slots[0].Id).BookAsync(TestData.Patient());

        Assert.Equal(DeleteOutcome.HasActiveAppointment, await Slot(slots[0].Id).DeleteAsync());
        Assert.Equal(DeleteOutcome.Deleted, await Slot(slots[1].Id).DeleteAsync());
        Assert.Equal(DeleteOutcome.NotFound, await Slot(slots[1].Id).DeleteAsync());
        Assert.Equal(BookingOutcome.SlotNotFound, (await Slot(slots[1].Id).BookAsync(TestData.Patient())).Outcome);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = ANY(@ids)", ("ids", slots.Select(s => s.Id).ToArray())));
    }

    [Fact]
    public async Task TheDatabaseAloneKeepsOneActiveAppointmentWhenWritersBypassTheGrain()
    {
        // Many independent writers on the commit path, as two activations of one slot grain would be:
        // no memory in front of them, only the transaction, the row lock and the unique index.
        var slot = await fixture.Data.SlotAsync();
        var store = (SlotStore)fixture.Services.GetService(typeof(SlotStore))!;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            store.BookAsync(slot.Id, SlotGrainTestExtensions.Hold(TestData.Patient(i)), TimeSpan.FromMinutes(2))));

        Assert.Single(attempts, a => a.Outcome == BookingOutcome.Booked);
        Assert.All(attempts.Where(a => a.Outcome != BookingOutcome.Booked), a => Assert.Equal(BookingOutcome.SlotTaken, a.Outcome));
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slot.Id));
    }

    [Fact]
    public async Task TheUniqueIndexRefusesASecondActiveAppointmentWrittenDirectly()
    {
        var slot = await fixture.Data.SlotAsync();
        await Slot(slot.Id).BookAsync(TestData.Patient());

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => fixture.Database.ExecuteAsync("""
            INSERT INTO appointments (id, slot_id, doctor_id, patient_name, patient_email, patient_phone, appointment_date, appointment_time, status, expires_at)
            SELECT @id, id, doctor_id, 'X', 'x@example.com', '12345', date, time, 'CONFIRMED', now() FROM slots WHERE id = @slot
            """, ("id", Guid.NewGuid()), ("slot", slot.Id)));

        Assert.Equal("ux_appointments_one_active_per_slot", error.ConstraintName);
    }

    [Fact]
    public async Task ASlotGrainFollowsItsDoctorIntoAnotherTimeZone()
    {
        // A UTC doctor's slot about an hour from now, which its grain has read and remembers as bookable.
        var doctor = await fixture.Data.DoctorAsync();
        var local = fixture.Data.Now.UtcDateTime.AddHours(1);
        var at = new SlotTime(DateOnly.FromDateTime(local), new TimeOnly(local.Hour, local.Minute / 5 * 5));
        var created = await fixture.Client.GetGrain<IDoctorGrain>(doctor.Id).AddSlotsAsync([at], 30);
        Assert.Equal(AddSlotsOutcome.Created, created.Outcome);
        var slot = Slot(created.Created[0].Id);
        Assert.True((await slot.GetAsync())!.IsAvailable);

        async Task MoveToAsync(string zone)
        {
            var moved = await fixture.Client.GetGrain<IDoctorGrain>(doctor.Id).UpdateAsync(doctor.Profile with { TimeZone = zone });
            Assert.Equal(DoctorWriteOutcome.Saved, moved.Outcome);
        }

        // In Kiritimati (UTC+14) the same local time was about 13 hours ago: the slot has started.
        await MoveToAsync("Pacific/Kiritimati");
        await Eventually.AssertAsync(async () => !(await slot.GetAsync())!.IsAvailable, TimeSpan.FromSeconds(10),
            "the slot grain still shows the start it had before its doctor changed time zone");
        Assert.Equal(BookingOutcome.SlotInPast, (await slot.BookAsync(TestData.Patient())).Outcome);

        // Back in UTC it is an hour ahead again, and the grain books it instead of refusing from what it remembered.
        await MoveToAsync("UTC");
        await Eventually.AssertAsync(async () => (await slot.GetAsync())!.IsAvailable, TimeSpan.FromSeconds(10),
            "the slot grain still shows the start it had in the doctor's previous time zone");
        Assert.Equal(BookingOutcome.Booked, (await slot.BookAsync(TestData.Patient())).Outcome);
    }
}
