using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Booking.Grains;

/// <summary>
/// One doctor's day in memory. Reads never touch the database once active; slot grains report each
/// change after it commits, and a periodic reload heals anything a lost message or a crash missed.
/// Availability is computed at read time, so a hold that lapses frees its slot at <c>expires_at</c>.
/// Subscribed observers (the Api's live-availability relay) hear of every change as it arrives here.
/// </summary>
public sealed class DoctorScheduleGrain(ScheduleStore store, TimeProvider clock, ILogger<DoctorScheduleGrain> logger) : Grain, IDoctorScheduleGrain
{
    private static readonly TimeSpan _reloadPeriod = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, ScheduledSlot> _slots = [];
    private readonly ObserverManager<IAvailabilityObserver> _observers = new(DoctorSchedule.SubscriptionLifetime, logger);
    private string? _timeZone;
    private Guid _doctorId;
    private DateOnly _date;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_doctorId, _date) = DoctorSchedule.Parse(this.GetPrimaryKeyString());
        await LoadAsync(cancellationToken);
        this.RegisterGrainTimer(_ => ReloadAsync(), new GrainTimerCreationOptions(_reloadPeriod, _reloadPeriod) { KeepAlive = false });
    }

    public Task<IReadOnlyList<Slot>> ListSlotsAsync(bool includeUnavailable, CancellationToken cancellationToken = default)
    {
        if (_timeZone is null)
        {
            return Task.FromResult<IReadOnlyList<Slot>>([]);
        }

        var now = clock.GetUtcNow();
        IReadOnlyList<Slot> slots = _slots.Values
            .Select(s => new Slot(s.Id, _doctorId, _date, s.Time, s.DurationMinutes, IsAvailable(s, now), s.CreatedAt))
            .Where(s => includeUnavailable || s.IsAvailable)
            .OrderBy(s => s.Time)
            .ToList();
        return Task.FromResult(slots);
    }

    public Task<Guid?> FindSlotAsync(TimeOnly time, CancellationToken cancellationToken = default) =>
        Task.FromResult(_slots.Values.FirstOrDefault(s => s.Time == time)?.Id);

    public Task SlotChangedAsync(ScheduledSlot slot)
    {
        _slots.TryGetValue(slot.Id, out var before);
        _slots[slot.Id] = slot;
        if (_timeZone is null)
        {
            return Task.CompletedTask;
        }

        var now = clock.GetUtcNow();
        var available = IsAvailable(slot, now);
        // A lapsed hold already counts as available before its expiry arrives here, so "freed" is judged by
        // the recorded hold, not by availability a moment ago.
        var kind = before is null ? AvailabilityChangeKind.Created
            : !available && IsAvailable(before, now) ? AvailabilityChangeKind.Taken
            : available && before.IsHeld ? AvailabilityChangeKind.Freed
            : AvailabilityChangeKind.Updated;
        return NotifyAsync(kind, slot.Id, new Slot(slot.Id, _doctorId, _date, slot.Time, slot.DurationMinutes, available, slot.CreatedAt));
    }

    public Task SlotRemovedAsync(Guid slotId) =>
        _slots.Remove(slotId) ? NotifyAsync(AvailabilityChangeKind.Deleted, slotId, null) : Task.CompletedTask;

    public async Task ReloadAsync()
    {
        var before = _slots.Values.ToHashSet();
        var zoneBefore = _timeZone;
        await LoadAsync(CancellationToken.None);
        if (zoneBefore != _timeZone || !before.SetEquals(_slots.Values))
        {
            await NotifyAsync(AvailabilityChangeKind.Reloaded, null, null);
        }
    }

    public Task SubscribeAsync(IAvailabilityObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IAvailabilityObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Observers are called one-way: a slow or vanished Api never holds up the schedule.</summary>
    private Task NotifyAsync(AvailabilityChangeKind kind, Guid? slotId, Slot? slot) =>
        _observers.Count == 0
            ? Task.CompletedTask
            : _observers.Notify(o => o.OnAvailabilityChangedAsync(new AvailabilityChange(_doctorId, _date, kind, slotId, slot)));

    private bool IsAvailable(ScheduledSlot slot, DateTimeOffset now) =>
        !slot.IsHeldAt(now) && Clock.ToInstant(_date, slot.Time, _timeZone!) > now;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var day = await store.LoadDayAsync(_doctorId, _date, cancellationToken);
        _timeZone = day?.TimeZone;
        _slots.Clear();
        foreach (var slot in day?.Slots ?? [])
        {
            _slots[slot.Id] = slot;
        }
    }
}
