using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;
using System.Threading.Channels;

namespace Booking.Integration.Tests;

/// <summary>
/// The schedule grain tells subscribed observers (the Api's live-availability relay) of every change of its
/// day: slots created, taken, confirmed, freed by cancel or expiry, deleted; and stops when unsubscribed.
/// </summary>
[Collection(ExpiryCollection.Name)]
public sealed class AvailabilityObserverTests(ExpiryClusterFixture fixture)
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(ExpiryClusterFixture.ShortHoldSeconds + 15);

    private sealed class Recorder : IAvailabilityObserver
    {
        public Channel<AvailabilityChange> Changes { get; } = Channel.CreateUnbounded<AvailabilityChange>();

        public Task OnAvailabilityChangedAsync(AvailabilityChange change)
        {
            Changes.Writer.TryWrite(change);
            return Task.CompletedTask;
        }

        /// <summary>Reads changes until one of <paramref name="kind"/> for <paramref name="slotId"/> arrives; fails after a bounded wait.</summary>
        public async Task<AvailabilityChange> ExpectAsync(AvailabilityChangeKind kind, Guid slotId)
        {
            using var timeout = new CancellationTokenSource(_wait);
            List<string> seen = [];
            try
            {
                while (true)
                {
                    var change = await Changes.Reader.ReadAsync(timeout.Token);
                    if (change.Kind == kind && change.SlotId == slotId)
                    {
                        return change;
                    }

                    seen.Add($"{change.Kind} {change.SlotId}");
                }
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no {kind} for slot {slotId} within {_wait}; saw: {string.Join(", ", seen)}");
                throw;
            }
        }
    }

    private async Task<(Doctor Doctor, DateOnly Date, IDoctorScheduleGrain Schedule, IAvailabilityObserver Reference)> WatchedDayAsync(Recorder recorder)
    {
        var doctor = await fixture.Data.DoctorAsync();
        var date = TestData.FutureDate();
        var schedule = fixture.Client.GetGrain<IDoctorScheduleGrain>(DoctorSchedule.Key(doctor.Id, date));
        var reference = fixture.Client.CreateObjectReference<IAvailabilityObserver>(recorder);
        await schedule.SubscribeAsync(reference);
        return (doctor, date, schedule, reference);
    }

    private async Task<Slot> AddSlotAsync(Doctor doctor, DateOnly date, int hour)
    {
        var result = await fixture.Client.GetGrain<IDoctorGrain>(doctor.Id).AddSlotsAsync([new SlotTime(date, new TimeOnly(hour, 0))], 30);
        Assert.Equal(AddSlotsOutcome.Created, result.Outcome);
        return result.Created[0];
    }

    [Fact]
    public async Task AnObserverHearsOfEveryKindOfChangeOfItsDay()
    {
        var recorder = new Recorder();
        var (doctor, date, _, _) = await WatchedDayAsync(recorder);

        var slot = await AddSlotAsync(doctor, date, 9);
        var created = await recorder.ExpectAsync(AvailabilityChangeKind.Created, slot.Id);
        Assert.Equal(doctor.Id, created.DoctorId);
        Assert.Equal(date, created.Date);
        Assert.True(created.Slot!.IsAvailable);

        var hold = (await fixture.Client.GetGrain<ISlotGrain>(slot.Id).BookAsync(TestData.Patient())).Appointment!;
        var taken = await recorder.ExpectAsync(AvailabilityChangeKind.Taken, slot.Id);
        Assert.False(taken.Slot!.IsAvailable);

        Assert.Equal(AppointmentChangeOutcome.Changed, (await fixture.Client.GetGrain<IAppointmentGrain>(hold.Id).ConfirmAsync()).Outcome);
        var confirmed = await recorder.ExpectAsync(AvailabilityChangeKind.Updated, slot.Id);
        Assert.False(confirmed.Slot!.IsAvailable);

        Assert.Equal(AppointmentChangeOutcome.Changed, (await fixture.Client.GetGrain<IAppointmentGrain>(hold.Id).CancelAsync()).Outcome);
        var cancelled = await recorder.ExpectAsync(AvailabilityChangeKind.Freed, slot.Id);
        Assert.True(cancelled.Slot!.IsAvailable);

        Assert.Equal(DeleteOutcome.Deleted, await fixture.Client.GetGrain<ISlotGrain>(slot.Id).DeleteAsync());
        var deleted = await recorder.ExpectAsync(AvailabilityChangeKind.Deleted, slot.Id);
        Assert.Null(deleted.Slot);
    }

    [Fact]
    public async Task AnObserverHearsWhenAHoldExpiresAndItsSlotIsFreeAgain()
    {
        var recorder = new Recorder();
        var (doctor, date, _, _) = await WatchedDayAsync(recorder);
        var slot = await AddSlotAsync(doctor, date, 10);

        var booked = await fixture.Client.GetGrain<ISlotGrain>(slot.Id).BookAsync(TestData.Patient());
        Assert.Equal(BookingOutcome.Booked, booked.Outcome);
        await recorder.ExpectAsync(AvailabilityChangeKind.Taken, slot.Id);

        // Nobody confirms: the hold's reminder expires it and the schedule tells the observer.
        var freed = await recorder.ExpectAsync(AvailabilityChangeKind.Freed, slot.Id);
        Assert.True(freed.Slot!.IsAvailable);
        Assert.Equal(AppointmentStatus.Expired, (await fixture.Client.GetGrain<IAppointmentGrain>(booked.Appointment!.Id).GetAsync())!.Status);
    }

    [Fact]
    public async Task AnUnsubscribedObserverHearsNothingMore()
    {
        var gone = new Recorder();
        var (doctor, date, schedule, goneReference) = await WatchedDayAsync(gone);
        var first = await AddSlotAsync(doctor, date, 11);
        await gone.ExpectAsync(AvailabilityChangeKind.Created, first.Id);
        await schedule.UnsubscribeAsync(goneReference);

        var staying = new Recorder();
        await schedule.SubscribeAsync(fixture.Client.CreateObjectReference<IAvailabilityObserver>(staying));
        var second = await AddSlotAsync(doctor, date, 12);

        // The change reached the remaining observer, so it was sent; the unsubscribed one got none of it.
        await staying.ExpectAsync(AvailabilityChangeKind.Created, second.Id);
        Assert.False(gone.Changes.Reader.TryRead(out var late), $"unexpected {late}");
    }
}
