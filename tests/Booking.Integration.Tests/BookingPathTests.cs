using Booking.Grains;
using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Booking.Integration.Tests;

/// <summary>
/// The booking path's promises under contention and faults, on the in-process cluster: a refused write leaves nothing
/// behind, an Idempotency-Key is answered from its first outcome, constraint violations are answers rather than
/// errors, and a hold whose reminder never came to be still expires.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BookingPathTests(BookingClusterFixture fixture)
{
    private ISlotGrain Slot(Guid id) => fixture.Client.GetGrain<ISlotGrain>(id);

    private T SiloService<T>()
        where T : notnull => fixture.Services.GetRequiredService<T>();

    /// <summary>Takes every transaction turn of the silo: the writes after it wait.</summary>
    private Task<TurnBlock> BlockAllTurnsAsync() => TurnBlock.TakeAllAsync(fixture.Services);

    private Task<long> AppointmentsAsync(Guid id) => fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id", ("id", id));

    [Fact]
    public async Task ABookingThatCannotStartBeforeItsDeadlineIsRefusedAndNeverCommitsLater()
    {
        var slot = await fixture.Data.SlotAsync();
        var request = new HoldRequest(Guid.CreateVersion7(), TestData.Patient(), fixture.Clock.GetUtcNow().AddMilliseconds(300));
        await using (await BlockAllTurnsAsync())
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => Slot(slot.Id).BookAsync(request));
        }

        // The slot's grain takes one call at a time: the next booking runs after the refused one has ended, and finds the
        // slot free; the refused booking has not happened and, its deadline past, never will.
        Assert.Equal(BookingOutcome.Booked, (await Slot(slot.Id).BookAsync(TestData.Patient(2))).Outcome);
        Assert.Equal(0, await AppointmentsAsync(request.AppointmentId));
    }

    [Fact]
    public async Task ABookingWhoseDeadlineHasPassedOnArrivalIsRefusedAtOnce()
    {
        var slot = await fixture.Data.SlotAsync();
        var request = new HoldRequest(Guid.CreateVersion7(), TestData.Patient(), fixture.Clock.GetUtcNow().AddSeconds(-1));

        await Assert.ThrowsAsync<StorageUnavailableException>(() => Slot(slot.Id).BookAsync(request));

        Assert.Equal(0, await AppointmentsAsync(request.AppointmentId));
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slot.Id));
    }

    [Fact]
    public async Task ARetryThatArrivesWhileItsFirstAttemptIsStillCommittingIsAnsweredWithThatBooking()
    {
        // The first attempt reached the slot grain, then its caller gave up (an Api timeout): its IdempotencyGrain call is
        // over, but the booking is still waiting for a turn and will commit. The retry looks before that commit, finds no
        // record, and queues behind the first attempt in the slot grain, which then knows the slot is taken.
        var slot = await fixture.Data.SlotAsync();
        var key = $"key-{Guid.NewGuid():N}";
        var stamp = new IdempotencyStamp(key, "hash-of-the-body");
        var first = SlotGrainTestExtensions.Hold(TestData.Patient(), stamp);
        Task<IdempotentBookingResult> retry;
        Task<Booking.Grains.Interfaces.BookingResult> firstAttempt;
        await using (await BlockAllTurnsAsync())
        {
            firstAttempt = Slot(slot.Id).BookAsync(first);
            await Task.Delay(200);
            retry = fixture.Client.GetGrain<IIdempotencyGrain>(key).BookAsync(slot.Id, SlotGrainTestExtensions.Hold(TestData.Patient(), stamp));
            await Task.Delay(300);
        }

        Assert.Equal(BookingOutcome.Booked, (await firstAttempt).Outcome);
        var answer = await retry;
        Assert.Equal(IdempotentHandling.Replayed, answer.Handling);
        Assert.Equal(BookingOutcome.Booked, answer.Outcome);
        Assert.Equal(first.AppointmentId, answer.AppointmentId);

        // And so does every later repeat: the refusal was never recorded in its place.
        var again = await fixture.Client.GetGrain<IIdempotencyGrain>(key).BookAsync(slot.Id, SlotGrainTestExtensions.Hold(TestData.Patient(), stamp));
        Assert.Equal((IdempotentHandling.Replayed, BookingOutcome.Booked, first.AppointmentId), (again.Handling, again.Outcome, again.AppointmentId));
        Assert.Equal("BOOKED", await fixture.Database.TextAsync("SELECT outcome FROM idempotency_records WHERE idempotency_key = @key", ("key", key)));
    }

    [Fact]
    public async Task AKeyAlreadyRecordedForAnotherSlotIsAnAnswerNotAnErrorAndBooksNothing()
    {
        var slots = await fixture.Data.SlotsAsync(2);
        var stamp = new IdempotencyStamp($"key-{Guid.NewGuid():N}", "hash-1");
        Assert.Equal(BookingOutcome.Booked, (await Slot(slots[0].Id).BookAsync(TestData.Patient(), stamp)).Outcome);

        // As a second activation of the key's grain would send it: straight to another slot, the key's record already taken.
        var second = await Slot(slots[1].Id).BookAsync(TestData.Patient(), stamp with { RequestHash = "hash-2" });

        Assert.Equal(BookingOutcome.IdempotencyKeyUsed, second.Outcome);
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slots[1].Id));
        var handled = await fixture.Client.GetGrain<IIdempotencyGrain>(stamp.Key)
            .BookAsync(slots[1].Id, SlotGrainTestExtensions.Hold(TestData.Patient(), stamp with { RequestHash = "hash-2" }));
        Assert.Equal(IdempotentHandling.KeyReused, handled.Handling);
    }

    [Fact]
    public async Task AnActiveAppointmentTheSlotRowDoesNotKnowMakesTheBookingATakenSlotNotAnError()
    {
        // A writer that bypassed the slot row (what a second activation of the slot grain could be): only the partial
        // unique index stands between it and a double booking, and its refusal must read as "taken".
        var slot = await fixture.Data.SlotAsync();
        await fixture.Database.ExecuteAsync("""
            INSERT INTO appointments (id, slot_id, doctor_id, patient_name, patient_email, patient_phone, appointment_date, appointment_time, status, expires_at)
            SELECT @id, id, doctor_id, 'X', 'x@example.com', '12345', date, time, 'PENDING', now() + interval '1 hour' FROM slots WHERE id = @slot
            """, ("id", Guid.NewGuid()), ("slot", slot.Id));

        var result = await Slot(slot.Id).BookAsync(TestData.Patient());

        Assert.Equal(BookingOutcome.SlotTaken, result.Outcome);
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slot.Id));
    }


}
