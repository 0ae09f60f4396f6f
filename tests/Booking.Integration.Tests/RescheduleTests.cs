using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

/// <summary>
/// Reschedule and cancellation reasons on the in-process cluster (holds of 3 s): what a move keeps and changes, every
/// refusal, and the races a move can be in, each repeated on fresh slots: exactly one consistent outcome, and never two
/// active appointments on one slot.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RescheduleTests(BookingClusterFixture fixture)
{
    /// <summary>Far longer than any race here takes, far shorter than a deadlock's wait for the grain call timeout.</summary>
    private static readonly TimeSpan RaceBound = TimeSpan.FromSeconds(20);

    private ISlotGrain Slot(Guid id) => fixture.Client.GetGrain<ISlotGrain>(id);

    private IAppointmentGrain Appointment(Guid id) => fixture.Client.GetGrain<IAppointmentGrain>(id);

    private Task<Appointment> HoldAsync(Guid slotId, int patient = 0) => fixture.Data.HoldAsync(slotId, patient);

    private Task<RescheduleResult> MoveAsync(Guid appointmentId, Guid toSlotId) =>
        Appointment(appointmentId).RescheduleAsync(toSlotId, fixture.Clock.GetUtcNow().AddMinutes(1));

    private Task<string?> StoredAsync(Guid appointmentId, string column) =>
        fixture.Database.TextAsync($"SELECT {column}::text FROM appointments WHERE id = @id", ("id", appointmentId));

    private async Task<Guid> StoredSlotAsync(Guid appointmentId) => Guid.Parse((await StoredAsync(appointmentId, "slot_id"))!);

    /// <summary>The slot row's holder, or null when free.</summary>
    private Task<Guid?> HolderAsync(Guid slotId) => fixture.Database.HolderAsync(slotId);

    /// <summary>The appointment's events in order: from>to, and for a move its slots.</summary>
    private Task<List<string>> EventsOfAsync(Guid appointmentId) => fixture.Database.EventsAsync(appointmentId);

    private Task<bool> BecomesAsync(Guid appointmentId, string status, TimeSpan limit) => fixture.Database.StatusBecomesAsync(appointmentId, status, limit);

    /// <summary>
    /// Fifteen times over, on fresh slots S0, S1, S2 of one doctor: A holds S0 and B holds S1, then both move at once, A to
    /// S[<paramref name="aTo"/>] and B to S[<paramref name="bTo"/>].
    /// </summary>
    private Task<(IReadOnlyList<Slot> Slots, Appointment A, Appointment B, RescheduleResult MoveA, RescheduleResult MoveB)[]> TwoMovesAsync(int aTo, int bTo) =>
        Task.WhenAll(Enumerable.Range(0, 15).Select(async i =>
        {
            var slots = await fixture.Data.SlotsAsync(3);
            var a = await HoldAsync(slots[0].Id, i);
            var b = await HoldAsync(slots[1].Id, i + 100);
            var moveA = MoveAsync(a.Id, slots[aTo].Id);
            var moveB = MoveAsync(b.Id, slots[bTo].Id);
            return (Slots: slots, A: a, B: b, MoveA: await moveA, MoveB: await moveB);
        })).WaitAsync(RaceBound);

    /// <summary>The free slots a doctor's day schedule lists, once <paramref name="settled"/> (its updates are one-way), boundedly.</summary>
    private async Task<IReadOnlyList<Guid>> ScheduledFreeAsync(Slot day, Func<IReadOnlyList<Guid>, bool> settled)
    {
        var schedule = fixture.Client.GetGrain<IDoctorScheduleGrain>(DoctorSchedule.Key(day.DoctorId, day.Date));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var free = (await schedule.ListSlotsAsync(includeUnavailable: false)).Select(s => s.Id).ToList();
            if (settled(free) || DateTime.UtcNow > deadline)
            {
                return free;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>No slot of <paramref name="slotIds"/> has more than one active appointment, and each slot row names the one it has.</summary>
    private async Task AssertConsistentAsync(params Guid[] slotIds)
    {
        foreach (var slotId in slotIds)
        {
            var active = await fixture.Database.TextAsync(
                "SELECT string_agg(id::text, ',') FROM appointments WHERE slot_id = @slot AND status IN ('PENDING', 'CONFIRMED')", ("slot", slotId));
            Assert.False(active?.Contains(',', StringComparison.Ordinal) == true, $"slot {slotId} has two active appointments: {active}");
            if (active is { Length: > 0 })
            {
                Assert.Equal(Guid.Parse(active), await HolderAsync(slotId));
            }
        }
    }

    // ---- What a move keeps and changes ----

    [Fact]
    public async Task AMovedPendingHoldKeepsItsStatusAndDeadlineTheOldSlotIsFreeAndTheNewOneTaken()
    {
        var from = (await fixture.Data.SlotsAsync(2))[0];
        var to = (await fixture.Data.SlotsAsync(2))[1];
        var hold = await HoldAsync(from.Id);

        var result = await MoveAsync(hold.Id, to.Id);

        Assert.Equal(RescheduleOutcome.Rescheduled, result.Outcome);
        var moved = result.Appointment!;
        Assert.Equal((hold.Id, to.Id, to.DoctorId, to.Date, to.Time), (moved.Id, moved.SlotId, moved.DoctorId, moved.Date, moved.Time));
        Assert.Equal(AppointmentStatus.Pending, moved.Status);
        Assert.Equal(hold.ExpiresAt, moved.ExpiresAt);
        Assert.Equal(hold.CreatedAt, moved.CreatedAt);
        Assert.Equal(moved, await Appointment(hold.Id).GetAsync());
        Assert.Equal("PENDING", await StoredAsync(hold.Id, "status"));
        Assert.Null(await HolderAsync(from.Id));
        Assert.Equal(hold.Id, await HolderAsync(to.Id));
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM slots WHERE id = @id AND hold_expires_at = @until AND NOT is_available", ("id", to.Id), ("until", hold.ExpiresAt!.Value)));
        Assert.Equal(["->PENDING", $"PENDING>PENDING {from.Id}>{to.Id}"], await EventsOfAsync(hold.Id));
        Assert.Equal("rescheduled", await fixture.Database.TextAsync(
            "SELECT reason FROM appointment_events WHERE appointment_id = @id AND from_slot_id IS NOT NULL", ("id", hold.Id)));

        // Both doctors' days follow: the old slot is listed again, the new one no longer.
        Assert.Contains(from.Id, await ScheduledFreeAsync(from, free => free.Contains(from.Id)));
        Assert.DoesNotContain(to.Id, await ScheduledFreeAsync(to, free => !free.Contains(to.Id)));

        Assert.Equal(BookingOutcome.SlotTaken, (await Slot(to.Id).BookAsync(TestData.Patient(2))).Outcome);
        Assert.Equal(BookingOutcome.Booked, (await Slot(from.Id).BookAsync(TestData.Patient(3))).Outcome);
        await AssertConsistentAsync(from.Id, to.Id);
    }

    [Fact]
    public async Task AMovedConfirmedAppointmentStaysConfirmedAndIsCancelledOnItsNewSlot()
    {
        var slots = await fixture.Data.SlotsAsync(2);
        var hold = await HoldAsync(slots[0].Id);
        Assert.Equal(AppointmentChangeOutcome.Changed, (await Appointment(hold.Id).ConfirmAsync()).Outcome);

        var result = await MoveAsync(hold.Id, slots[1].Id);

        Assert.Equal(RescheduleOutcome.Rescheduled, result.Outcome);
        Assert.Equal(AppointmentStatus.Confirmed, result.Appointment!.Status);
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM slots WHERE id = @id AND held_by = @a AND hold_expires_at IS NULL", ("id", slots[1].Id), ("a", hold.Id)));

        // Past the old hold's time it is still confirmed and still keeps its new slot.
        fixture.Lapse(hold.ExpiresAt!.Value);
        Assert.Equal("CONFIRMED", await StoredAsync(hold.Id, "status"));
        Assert.Equal(BookingOutcome.SlotTaken, (await Slot(slots[1].Id).BookAsync(TestData.Patient(2))).Outcome);

        // The appointment's grain remembers where it is now: the cancel goes to the new slot and frees it.
        var cancelled = await Appointment(hold.Id).CancelAsync("Moved abroad");
        Assert.Equal(AppointmentChangeOutcome.Changed, cancelled.Outcome);
        Assert.Equal("Moved abroad", cancelled.Appointment!.CancellationReason);
        Assert.Equal(
            ["->PENDING", "PENDING>CONFIRMED", $"CONFIRMED>CONFIRMED {slots[0].Id}>{slots[1].Id}", "CONFIRMED>CANCELLED \"Moved abroad\""],
            await EventsOfAsync(hold.Id));
        Assert.Null(await HolderAsync(slots[1].Id));
        Assert.Equal(BookingOutcome.Booked, (await Slot(slots[1].Id).BookAsync(TestData.Patient(3))).Outcome);
    }

    [Fact]
    public async Task TheBookingsLateNoticeToTheAppointmentDoesNotSendItBackToItsOldSlot()
    {
        // The slot grain tells the appointment's grain of a new hold one-way, after answering the booking: a patient who moves
        // the hold at once can be quicker than that notice. It must not make the next change go to the slot the hold left.
        var slots = await fixture.Data.SlotsAsync(2);
        var hold = await HoldAsync(slots[0].Id);
        Assert.Equal(RescheduleOutcome.Rescheduled, (await MoveAsync(hold.Id, slots[1].Id)).Outcome);

        await Appointment(hold.Id).TrackHoldAsync(slots[0].Id, hold.ExpiresAt!.Value);
        var cancelled = await Appointment(hold.Id).CancelAsync();

        Assert.Equal(AppointmentChangeOutcome.Changed, cancelled.Outcome);
        Assert.Equal(slots[1].Id, cancelled.Appointment!.SlotId);
        Assert.Null(await HolderAsync(slots[1].Id));
    }

    // ---- Refusals change nothing ----

    [Fact]
    public async Task AMoveIntoATakenSlotChangesNothing()
    {
        var slots = await fixture.Data.SlotsAsync(2);
        var hold = await HoldAsync(slots[0].Id);
        var other = await HoldAsync(slots[1].Id, 2);
        var before = await fixture.Database.SnapshotAsync(slots[0].Id, slots[1].Id);

        var result = await MoveAsync(hold.Id, slots[1].Id);

        Assert.Equal(RescheduleOutcome.SlotTaken, result.Outcome);
        Assert.Equal(before, await fixture.Database.SnapshotAsync(slots[0].Id, slots[1].Id));
        Assert.Equal(["->PENDING"], await EventsOfAsync(hold.Id));
        Assert.Equal((hold.Id, other.Id), (await HolderAsync(slots[0].Id), await HolderAsync(slots[1].Id)));
        await AssertConsistentAsync(slots[0].Id, slots[1].Id);
    }

    [Fact]
    public async Task AMoveIntoASlotWhoseHoldLapsedExpiresThatHoldAndTakesTheSlot()
    {
        var slots = await fixture.Data.SlotsAsync(2);
        var lapsed = await HoldAsync(slots[1].Id, 2);
        fixture.Lapse(lapsed.ExpiresAt!.Value);
        var hold = await HoldAsync(slots[0].Id);

        Assert.Equal(RescheduleOutcome.Rescheduled, (await MoveAsync(hold.Id, slots[1].Id)).Outcome);

        Assert.Equal("EXPIRED", await StoredAsync(lapsed.Id, "status"));
        Assert.Equal(["->PENDING", "PENDING>EXPIRED"], await EventsOfAsync(lapsed.Id));
        Assert.Equal(hold.Id, await HolderAsync(slots[1].Id));
        await AssertConsistentAsync(slots[0].Id, slots[1].Id);
    }

    [Fact]
    public async Task EveryOtherRefusalIsAnOutcomeAndChangesNothing()
    {
        var slots = await fixture.Data.SlotsAsync(3);
        var hold = await HoldAsync(slots[0].Id);
        var cancelled = await HoldAsync(slots[1].Id, 2);
        Assert.Equal(AppointmentChangeOutcome.Changed, (await Appointment(cancelled.Id).CancelAsync()).Outcome);
        var past = await fixture.Data.PastSlotAsync();
        // Only what this test touches: the other tests' holds may expire meanwhile.
        Guid[] touched = [.. slots.Select(s => s.Id), past];
        var before = await fixture.Database.SnapshotAsync(touched);

        Assert.Equal(RescheduleOutcome.SlotNotFound, (await MoveAsync(hold.Id, Guid.NewGuid())).Outcome);
        Assert.Equal(RescheduleOutcome.SlotInPast, (await MoveAsync(hold.Id, past)).Outcome);
        Assert.Equal(RescheduleOutcome.SameSlot, (await MoveAsync(hold.Id, slots[0].Id)).Outcome);
        Assert.Equal(RescheduleOutcome.NotFound, (await MoveAsync(Guid.NewGuid(), slots[2].Id)).Outcome);
        var whenCancelled = await MoveAsync(cancelled.Id, slots[2].Id);
        Assert.Equal(RescheduleOutcome.Cancelled, whenCancelled.Outcome);
        Assert.Equal(AppointmentStatus.Cancelled, whenCancelled.Appointment!.Status);

        Assert.Equal(before, await fixture.Database.SnapshotAsync(touched));
        Assert.Equal(["->PENDING"], await EventsOfAsync(hold.Id));
        Assert.Equal(slots[0].Id, await StoredSlotAsync(hold.Id));

        // And a hold that lapsed can no longer move: it is expired, whether or not that has been written yet.
        fixture.Lapse(hold.ExpiresAt!.Value);
        Assert.Equal(RescheduleOutcome.HoldExpired, (await MoveAsync(hold.Id, slots[2].Id)).Outcome);
        Assert.Equal(slots[0].Id, await StoredSlotAsync(hold.Id));
        Assert.Null(await HolderAsync(slots[2].Id));
    }

    [Fact]
    public async Task ACancellationReasonIsKeptOnTheEventAndTheAppointmentAndCancellingAgainKeepsTheFirst()
    {
        var slot = await fixture.Data.SlotAsync();
        var hold = await HoldAsync(slot.Id);

        var first = await Appointment(hold.Id).CancelAsync("Feeling better");
        var again = await Appointment(hold.Id).CancelAsync("Another reason");

        Assert.Equal(AppointmentChangeOutcome.Changed, first.Outcome);
        Assert.Equal("Feeling better", first.Appointment!.CancellationReason);
        Assert.Equal(AppointmentChangeOutcome.Unchanged, again.Outcome);
        Assert.Equal("Feeling better", (await Appointment(hold.Id).GetAsync())!.CancellationReason);
        Assert.Equal(["->PENDING", "PENDING>CANCELLED \"Feeling better\""], await EventsOfAsync(hold.Id));

        // Without a reason nothing is recorded as one.
        var other = await HoldAsync((await fixture.Data.SlotAsync()).Id);
        var plain = await Appointment(other.Id).CancelAsync();
        Assert.Null(plain.Appointment!.CancellationReason);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND cancellation_reason IS NULL", ("id", other.Id)));
        Assert.Equal(["->PENDING", "PENDING>CANCELLED"], await EventsOfAsync(other.Id));
    }

    // ---- Races ----

    [Fact]
    public async Task TwoMovesIntoTheSameSlotMoveExactlyOne()
    {
        var races = await TwoMovesAsync(aTo: 2, bTo: 2);

        foreach (var (slots, a, b, moveA, moveB) in races)
        {
            var outcomes = new[] { moveA.Outcome, moveB.Outcome };
            Assert.Single(outcomes, RescheduleOutcome.Rescheduled);
            Assert.Single(outcomes, RescheduleOutcome.SlotTaken);
            var (winner, loser, loserSlot) = moveA.Outcome == RescheduleOutcome.Rescheduled ? (a, b, slots[1].Id) : (b, a, slots[0].Id);
            Assert.Equal(winner.Id, await HolderAsync(slots[2].Id));
            Assert.Equal(loser.Id, await HolderAsync(loserSlot));
            Assert.Equal(loserSlot, await StoredSlotAsync(loser.Id));
            Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slots[2].Id));
            await AssertConsistentAsync(slots.Select(s => s.Id).ToArray());
        }
    }

    [Fact]
    public async Task AMoveRacingTheExpiryEndsMovedThenExpiredOrExpiredWhereItWasNeverBoth()
    {
        // Moves are fired around expires_at, against an expiry fired at the same moment on the slot the hold started on.
        var pairs = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ => await fixture.Data.SlotsAsync(2)));
        var holds = await Task.WhenAll(pairs.Select((s, i) => HoldAsync(s[0].Id, i)));
        fixture.Clock.AdvanceTo(holds.Max(h => h.ExpiresAt!.Value) - TimeSpan.FromMilliseconds(60));

        var races = await Task.WhenAll(holds.Select(async (hold, i) =>
        {
            await Task.Delay(i * 10);
            var move = MoveAsync(hold.Id, pairs[i][1].Id);
            var expire = Slot(pairs[i][0].Id).ExpireAsync(hold.Id);
            return (Hold: hold, From: pairs[i][0].Id, To: pairs[i][1].Id, Move: await move, Expire: await expire);
        })).WaitAsync(RaceBound);

        foreach (var (hold, from, to, move, expire) in races)
        {
            await AssertConsistentAsync(from, to);
            if (move.Outcome == RescheduleOutcome.Rescheduled)
            {
                // The expiry on the old slot found nothing to do there; the reminder expires the hold on its new slot.
                Assert.Contains(expire.Outcome, new[] { AppointmentChangeOutcome.NotFound, AppointmentChangeOutcome.NotDue });
                Assert.Equal(to, await StoredSlotAsync(hold.Id));
                Assert.True(await BecomesAsync(hold.Id, "EXPIRED", TimeSpan.FromSeconds(10)));
                Assert.Equal(["->PENDING", $"PENDING>PENDING {from}>{to}", "PENDING>EXPIRED"], await EventsOfAsync(hold.Id));
            }
            else
            {
                Assert.Equal(RescheduleOutcome.HoldExpired, move.Outcome);
                Assert.Equal(from, await StoredSlotAsync(hold.Id));
                Assert.True(await BecomesAsync(hold.Id, "EXPIRED", TimeSpan.FromSeconds(10)));
                Assert.Equal(["->PENDING", "PENDING>EXPIRED"], await EventsOfAsync(hold.Id));
                Assert.Null(await HolderAsync(to));
            }

            Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(from));
            Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(to));
        }
    }

    [Fact]
    public async Task AMoveRacingABookingOfTheTargetSlotLetsExactlyOneHaveIt()
    {
        var races = await Task.WhenAll(Enumerable.Range(0, 15).Select(async i =>
        {
            var slots = await fixture.Data.SlotsAsync(2);
            var hold = await HoldAsync(slots[0].Id, i);
            var move = MoveAsync(hold.Id, slots[1].Id);
            var book = Slot(slots[1].Id).BookAsync(TestData.Patient(i + 100));
            return (Slots: slots, Hold: hold, Move: await move, Book: await book);
        })).WaitAsync(RaceBound);

        foreach (var (slots, hold, move, book) in races)
        {
            Assert.True(
                (move.Outcome, book.Outcome) is (RescheduleOutcome.Rescheduled, BookingOutcome.SlotTaken) or (RescheduleOutcome.SlotTaken, BookingOutcome.Booked),
                $"{move.Outcome} and {book.Outcome}");
            var expectedHolder = move.Outcome == RescheduleOutcome.Rescheduled ? hold.Id : book.Appointment!.Id;
            Assert.Equal(expectedHolder, await HolderAsync(slots[1].Id));
            Assert.Equal(move.Outcome == RescheduleOutcome.Rescheduled ? slots[1].Id : slots[0].Id, await StoredSlotAsync(hold.Id));
            Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slots[1].Id));
            await AssertConsistentAsync(slots[0].Id, slots[1].Id);
        }
    }

    [Fact]
    public async Task AMoveRacingACancelEndsCancelledWithBothSlotsFree()
    {
        // Half the cancels come through the appointment's grain (as the Api sends them), half straight to the slot the
        // appointment started on, racing the move in the slot grains and the database rather than queueing behind it.
        var races = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            var slots = await fixture.Data.SlotsAsync(2);
            var hold = await HoldAsync(slots[0].Id, i);
            var direct = i % 2 == 1;
            var move = MoveAsync(hold.Id, slots[1].Id);
            var cancel = direct ? Slot(slots[0].Id).CancelAsync(hold.Id, "Direct") : Appointment(hold.Id).CancelAsync("Through the grain");
            return (Slots: slots, Hold: hold, Direct: direct, Move: await move, Cancel: await cancel);
        })).WaitAsync(RaceBound);

        foreach (var (slots, hold, direct, move, cancel) in races)
        {
            await AssertConsistentAsync(slots[0].Id, slots[1].Id);
            var moved = $"PENDING>PENDING {slots[0].Id}>{slots[1].Id}";
            if (move.Outcome == RescheduleOutcome.Cancelled)
            {
                Assert.Equal(AppointmentChangeOutcome.Changed, cancel.Outcome);
                Assert.Equal(["->PENDING", $"PENDING>CANCELLED \"{(direct ? "Direct" : "Through the grain")}\""], await EventsOfAsync(hold.Id));
                Assert.Equal(slots[0].Id, await StoredSlotAsync(hold.Id));
            }
            else if (direct)
            {
                // Moved first: the cancel sent to the old slot finds no such appointment there, and the move stands.
                Assert.Equal(RescheduleOutcome.Rescheduled, move.Outcome);
                Assert.Equal(AppointmentChangeOutcome.NotFound, cancel.Outcome);
                Assert.Equal(["->PENDING", moved], await EventsOfAsync(hold.Id));
                Assert.Equal(hold.Id, await HolderAsync(slots[1].Id));
                continue;
            }
            else
            {
                // Moved first: the appointment's grain sends the cancel to the new slot.
                Assert.Equal(RescheduleOutcome.Rescheduled, move.Outcome);
                Assert.Equal(AppointmentChangeOutcome.Changed, cancel.Outcome);
                Assert.Equal(["->PENDING", moved, "PENDING>CANCELLED \"Through the grain\""], await EventsOfAsync(hold.Id));
            }

            Assert.Equal("CANCELLED", await StoredAsync(hold.Id, "status"));
            Assert.Null(await HolderAsync(slots[0].Id));
            Assert.Null(await HolderAsync(slots[1].Id));
        }
    }

    [Fact]
    public async Task MovesInOppositeDirectionsBetweenTwoSlotsNeverDeadlock()
    {
        // A on S1 asks for S2 while B on S2 asks for S1 (and, in a ring of three, C on S3 asks for S1 as A asks for S2 and B for S3).
        // Each target is held, so every move is refused; what matters is that all of them are answered, and answered consistently.
        // Were each move to start at its own source slot's grain, S1 would wait for S2 while S2 waited for S1 until the call timed out.
        var pairs = await Task.WhenAll(Enumerable.Range(0, 15).Select(async i =>
        {
            var slots = await fixture.Data.SlotsAsync(3);
            var holds = await Task.WhenAll(slots.Select((s, j) => HoldAsync(s.Id, (10 * i) + j)));
            var moves = i % 3 == 0
                ? [MoveAsync(holds[0].Id, slots[1].Id), MoveAsync(holds[1].Id, slots[2].Id), MoveAsync(holds[2].Id, slots[0].Id)]
                : new[] { MoveAsync(holds[0].Id, slots[1].Id), MoveAsync(holds[1].Id, slots[0].Id) };
            return (Slots: slots, Holds: holds, Moves: await Task.WhenAll(moves));
        })).WaitAsync(RaceBound);

        foreach (var (slots, holds, moves) in pairs)
        {
            Assert.All(moves, m => Assert.Equal(RescheduleOutcome.SlotTaken, m.Outcome));
            for (var j = 0; j < slots.Count; j++)
            {
                Assert.Equal(holds[j].Id, await HolderAsync(slots[j].Id));
                Assert.Equal(slots[j].Id, await StoredSlotAsync(holds[j].Id));
            }

            await AssertConsistentAsync(slots.Select(s => s.Id).ToArray());
        }
    }

    [Fact]
    public async Task CrossingMovesThatEachReachTheirOwnSlotFirstStillNeverDeadlock()
    {
        // The crossing race made certain: both slot grains are busy (a write each, waiting for a transaction turn) when A on S1
        // asks for S2 and B on S2 for S1, so each move waits in the queue of the first slot grain it calls. Started at their own
        // slots, S1 would then call S2 for A while S2 called S1 for B, each waiting for the other until the call timed out.
        // In the fixed order both moves queue at the grain of the smaller id, and the grain of the larger one answers both.
        var slots = await fixture.Data.SlotsAsync(2);
        var a = await HoldAsync(slots[0].Id, 1);
        var b = await HoldAsync(slots[1].Id, 2);
        Task<AppointmentChangeResult>[] busy;
        Task<RescheduleResult> moveA, moveB;
        await using (await TurnBlock.TakeAllAsync(fixture.Services))
        {
            busy = [Slot(slots[0].Id).ExpireAsync(a.Id), Slot(slots[1].Id).ExpireAsync(b.Id)];
            await Task.Delay(200);
            moveA = MoveAsync(a.Id, slots[1].Id);
            moveB = MoveAsync(b.Id, slots[0].Id);
            await Task.Delay(300);
        }

        var moves = await Task.WhenAll(moveA, moveB).WaitAsync(RaceBound);

        Assert.All(await Task.WhenAll(busy), e => Assert.Equal(AppointmentChangeOutcome.NotDue, e.Outcome));
        Assert.All(moves, m => Assert.Equal(RescheduleOutcome.SlotTaken, m.Outcome));
        Assert.Equal((a.Id, b.Id), (await HolderAsync(slots[0].Id), await HolderAsync(slots[1].Id)));
        await AssertConsistentAsync(slots[0].Id, slots[1].Id);
    }

    [Fact]
    public async Task AMoveIntoASlotBeingVacatedByAnotherMoveFindsItTakenOrFree()
    {
        // A on S1 -> S3 while B on S2 -> S1: S1 is free only once A has moved. A always moves; B finds S1 still held (taken) or
        // already freed (moved), never both A and B on it.
        var races = await TwoMovesAsync(aTo: 2, bTo: 0);

        foreach (var (slots, a, b, moveA, moveB) in races)
        {
            Assert.Equal(RescheduleOutcome.Rescheduled, moveA.Outcome);
            Assert.Contains(moveB.Outcome, new[] { RescheduleOutcome.Rescheduled, RescheduleOutcome.SlotTaken });
            Assert.Equal(a.Id, await HolderAsync(slots[2].Id));
            var bSlot = moveB.Outcome == RescheduleOutcome.Rescheduled ? slots[0].Id : slots[1].Id;
            Assert.Equal(bSlot, await StoredSlotAsync(b.Id));
            Assert.Equal(b.Id, await HolderAsync(bSlot));
            await AssertConsistentAsync(slots.Select(s => s.Id).ToArray());
        }
    }
}
