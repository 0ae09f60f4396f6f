using Booking.Grains.Data;
using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>
/// One doctor's day in memory. Reads never touch the database once active; slot grains report each
/// change after it commits, and a periodic reload heals anything a lost message or a crash missed.
/// Availability is computed at read time, so a hold that lapses frees its slot at <c>expires_at</c>.
/// </summary>
public sealed class DoctorScheduleGrain(ScheduleStore store, TimeProvider clock) : Grain, IDoctorScheduleGrain
{
    private static readonly TimeSpan _reloadPeriod = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, ScheduledSlot> _slots = [];
    private string? _timeZone;
    private Guid _doctorId;
    private DateOnly _date;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_doctorId, _date) = DoctorSchedule.Parse(this.GetPrimaryKeyString());
        await LoadAsync(cancellationToken);
        this.RegisterGrainTimer(_ => LoadAsync(CancellationToken.None), new GrainTimerCreationOptions(_reloadPeriod, _reloadPeriod) { KeepAlive = false });
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
        _slots[slot.Id] = slot;
        return Task.CompletedTask;
    }

    public Task SlotRemovedAsync(Guid slotId)
    {
        _slots.Remove(slotId);
        return Task.CompletedTask;
    }

    public Task ReloadAsync() => LoadAsync(CancellationToken.None);

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
