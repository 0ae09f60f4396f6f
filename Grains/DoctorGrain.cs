using Booking.Grains.Data;
using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>One doctor: the single writer of the profile and of publishing the doctor's slots.</summary>
public sealed class DoctorGrain(DoctorStore store, ScheduleStore schedules, TimeProvider clock) : Grain, IDoctorGrain
{
    private Doctor? _doctor;

    private Guid DoctorId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _doctor = await store.LoadAsync(DoctorId, cancellationToken);

    public Task<Doctor?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(_doctor);

    public async Task<DoctorWriteResult> CreateAsync(DoctorProfile profile, CancellationToken cancellationToken = default)
    {
        if (_doctor is not null)
        {
            return new DoctorWriteResult(DoctorWriteOutcome.AlreadyExists);
        }

        return Remember(await store.SaveAsync(DoctorId, profile, isNew: true, clock.GetUtcNow()));
    }

    public async Task<DoctorWriteResult> UpdateAsync(DoctorProfile profile, CancellationToken cancellationToken = default)
    {
        if (_doctor is null)
        {
            return new DoctorWriteResult(DoctorWriteOutcome.NotFound);
        }

        var zoneChanged = _doctor.Profile.TimeZone != profile.TimeZone;
        var result = Remember(await store.SaveAsync(DoctorId, profile, isNew: false, clock.GetUtcNow()));
        if (result.Outcome == DoctorWriteOutcome.Saved && zoneChanged)
        {
            // Whether a slot has started depends on the zone: every day of this doctor reads itself again.
            ReloadSchedules(await schedules.DatesAsync(DoctorId));
        }

        return result;
    }

    public async Task<DeleteOutcome> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var dates = await schedules.DatesAsync(DoctorId);
        var outcome = await store.DeleteAsync(DoctorId, clock.GetUtcNow());
        if (outcome == DeleteOutcome.Deleted)
        {
            ReloadSchedules(dates);
        }

        if (outcome != DeleteOutcome.HasActiveAppointment)
        {
            _doctor = null;
            DeactivateOnIdle();
        }

        return outcome;
    }

    public async Task<AddSlotsResult> AddSlotsAsync(IReadOnlyList<SlotTime> slots, int durationMinutes, CancellationToken cancellationToken = default)
    {
        if (_doctor is null)
        {
            return new AddSlotsResult(AddSlotsOutcome.DoctorNotFound, [], []);
        }

        var now = clock.GetUtcNow();
        var past = slots.Where(s => Clock.ToInstant(s.Date, s.Time, _doctor.Profile.TimeZone) <= now).ToList();
        if (past.Count > 0)
        {
            return new AddSlotsResult(AddSlotsOutcome.InPast, [], past);
        }

        var result = await store.AddSlotsAsync(DoctorId, slots, durationMinutes, now);
        foreach (var slot in result.Created)
        {
            _ = Schedule(slot.Date).SlotChangedAsync(new ScheduledSlot(slot.Id, slot.Time, slot.DurationMinutes, slot.CreatedAt, IsHeld: false, HeldUntil: null));
        }

        return result;
    }

    private IDoctorScheduleGrain Schedule(DateOnly date) => GrainFactory.GetGrain<IDoctorScheduleGrain>(DoctorSchedule.Key(DoctorId, date));

    private void ReloadSchedules(IEnumerable<DateOnly> dates)
    {
        foreach (var date in dates)
        {
            _ = Schedule(date).ReloadAsync();
        }
    }

    private DoctorWriteResult Remember(DoctorWriteResult result)
    {
        if (result.Outcome == DoctorWriteOutcome.Saved)
        {
            _doctor = result.Doctor;
        }

        return result;
    }
}
