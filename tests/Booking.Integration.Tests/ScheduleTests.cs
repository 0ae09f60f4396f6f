using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

/// <summary>The per-doctor-per-day schedule answers from memory and follows every change made through the grains.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ScheduleTests(BookingClusterFixture fixture)
{
    private IDoctorScheduleGrain Schedule(Slot slot) =>
        fixture.Client.GetGrain<IDoctorScheduleGrain>(DoctorSchedule.Key(slot.DoctorId, slot.Date));

    /// <summary>The schedule's one-way updates arrive shortly after the change; wait for them, boundedly.</summary>
    private async Task<IReadOnlyList<Slot>> FreeSlotsOnceAsync(Slot any, Func<IReadOnlyList<Slot>, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var free = await Schedule(any).ListSlotsAsync(includeUnavailable: false);
            if (settled(free) || DateTime.UtcNow > deadline)
            {
                return free;
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task TheScheduleFollowsBookingsCancellationsDeletionsAndNewSlots()
    {
        var slots = await fixture.Data.SlotsAsync(3);
        Assert.Equal(slots.Select(s => s.Id), (await Schedule(slots[0]).ListSlotsAsync(false)).Select(s => s.Id));

        var hold = (await fixture.Client.GetGrain<ISlotGrain>(slots[0].Id).BookAsync(TestData.Patient())).Appointment!;
        var afterBooking = await FreeSlotsOnceAsync(slots[0], free => free.All(s => s.Id != slots[0].Id));
        Assert.DoesNotContain(afterBooking, s => s.Id == slots[0].Id);

        await fixture.Client.GetGrain<IAppointmentGrain>(hold.Id).CancelAsync();
        var afterCancel = await FreeSlotsOnceAsync(slots[0], free => free.Any(s => s.Id == slots[0].Id));
        Assert.Contains(afterCancel, s => s.Id == slots[0].Id);

        Assert.Equal(DeleteOutcome.Deleted, await fixture.Client.GetGrain<ISlotGrain>(slots[1].Id).DeleteAsync());
        var afterDelete = await FreeSlotsOnceAsync(slots[0], free => free.All(s => s.Id != slots[1].Id));
        Assert.DoesNotContain(afterDelete, s => s.Id == slots[1].Id);

        var added = await fixture.Client.GetGrain<IDoctorGrain>(slots[0].DoctorId).AddSlotsAsync([new SlotTime(slots[0].Date, new TimeOnly(16, 0))], 30);
        var afterAdd = await FreeSlotsOnceAsync(slots[0], free => free.Any(s => s.Id == added.Created[0].Id));
        Assert.Contains(afterAdd, s => s.Id == added.Created[0].Id);
        Assert.Equal(added.Created[0].Id, await Schedule(slots[0]).FindSlotAsync(new TimeOnly(16, 0)));
    }

    [Fact]
    public async Task AWarmScheduleAnswersFromMemoryWithoutReadingTheDatabase()
    {
        var slots = await fixture.Data.SlotsAsync(1);
        Assert.Single(await Schedule(slots[0]).ListSlotsAsync(false));

        // A slot written behind the grains' back is invisible to the warm schedule: it reads no SQL per request...
        await fixture.Database.InsertSlotAsync(Guid.NewGuid(), slots[0].DoctorId, slots[0].Date, new TimeOnly(15, 0));
        Assert.Single(await Schedule(slots[0]).ListSlotsAsync(false));
        Assert.Null(await Schedule(slots[0]).FindSlotAsync(new TimeOnly(15, 0)));

        // ...until it reloads the day.
        await Schedule(slots[0]).ReloadAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Schedule(slots[0]).ListSlotsAsync(false)).Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, (await Schedule(slots[0]).ListSlotsAsync(false)).Count);
        Assert.NotNull(await Schedule(slots[0]).FindSlotAsync(new TimeOnly(15, 0)));
    }

    [Fact]
    public async Task AHoldThatLapsesFreesItsSlotInTheScheduleAtItsTime()
    {
        var slots = await fixture.Data.SlotsAsync(1);
        var hold = (await fixture.Client.GetGrain<ISlotGrain>(slots[0].Id).BookAsync(TestData.Patient())).Appointment!;
        await FreeSlotsOnceAsync(slots[0], free => free.Count == 0);

        fixture.Lapse(hold.ExpiresAt!.Value);

        Assert.Contains(await Schedule(slots[0]).ListSlotsAsync(false), s => s.Id == slots[0].Id);
    }
}
