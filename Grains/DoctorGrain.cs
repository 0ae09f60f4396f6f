using Booking.Grains.Data;
using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>One doctor: the single writer of the profile and of publishing the doctor's slots.</summary>
public sealed class DoctorGrain(DoctorStore store, TimeProvider clock) : Grain, IDoctorGrain
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

        return Remember(await store.SaveAsync(DoctorId, profile, isNew: false, clock.GetUtcNow()));
    }

    public async Task<DeleteOutcome> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await store.DeleteAsync(DoctorId, clock.GetUtcNow());
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

        return await store.AddSlotsAsync(DoctorId, slots, durationMinutes, now);
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
