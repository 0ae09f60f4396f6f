using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Booking.Grains;

/// <summary>
/// One doctor: the single writer of the profile, of publishing the doctor's slots, and of the slots its
/// working hours make. A reminder rolls those slots forward (by default daily) so that free slots always
/// reach <see cref="WorkingHoursOptions.HorizonDays"/> ahead without anyone creating them.
/// </summary>
public sealed class DoctorGrain(
    DoctorStore store,
    ScheduleStore schedules,
    WorkingHoursStore hours,
    IOptions<WorkingHoursOptions> hoursOptions,
    IOptions<ReminderOptions> reminders,
    TimeProvider clock,
    ILogger<DoctorGrain> logger) : Grain, IDoctorGrain, IRemindable
{
    private const string RollReminder = "working-hours";

    // Deleting a slot that no longer fits is one short transaction through its grain; a few at a time keep a
    // large change of the rules from crowding out bookings at the database's transaction gate.
    private const int ParallelDeletes = 8;

    // From the earliest zone (UTC-12) to the latest (UTC+14): the most a change of zone moves a local time's instant.
    private static readonly TimeSpan ZoneSpread = TimeSpan.FromHours(26);

    private readonly WorkingHoursOptions _hoursOptions = hoursOptions.Value;
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
        if (!zoneChanged)
        {
            return Remember(await store.SaveAsync(DoctorId, profile, isNew: false, clock.GetUtcNow()));
        }

        // Every slot keeps its local date and time; its instants move with the zone, in the same transaction.
        var (written, moved) = await store.UpdateWithTimeZoneAsync(DoctorId, profile, clock.GetUtcNow());
        var result = Remember(written);
        if (result.Outcome == DoctorWriteOutcome.Saved)
        {
            // Whether a slot has started depends on the zone: every day of this doctor reads itself again, and so does
            // every slot grain that may now be wrong about whether its slot has started. The zone moved each start by at
            // most the zones' spread (26 hours), so only slots starting within that of now, before or after, can have
            // changed sides; later ones stay ahead either way (and an idle grain is gone after Orleans' 15-minute
            // collection age, long before they come near).
            ReloadSchedules(moved.Select(s => s.Date).Distinct());
            var now = clock.GetUtcNow();
            foreach (var slot in moved.Where(s => s.StartsAt > now - ZoneSpread && s.StartsAt <= now + ZoneSpread))
            {
                _ = GrainFactory.GetGrain<ISlotGrain>(slot.Id).ForgetAsync();
            }

            if (await hours.LoadAsync(DoctorId, cancellationToken) is { } saved)
            {
                // "Today" and the clock changes are the new zone's now.
                await ApplyAsync(saved.Rules);
            }
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
            await StopRollingAsync();
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

        var zone = _doctor.Profile.TimeZone;
        var missing = slots.Where(s => !Clock.Exists(s.Date, s.Time, zone)).ToList();
        if (missing.Count > 0)
        {
            return new AddSlotsResult(AddSlotsOutcome.NonexistentTime, [], missing);
        }

        var now = clock.GetUtcNow();
        var planned = slots.Select(s => new PlannedSlot(s.Date, s.Time, durationMinutes, Clock.ToInstant(s.Date, s.Time, zone))).ToList();
        var past = planned.Where(s => s.StartsAt <= now).Select(s => new SlotTime(s.Date, s.Time)).ToList();
        if (past.Count > 0)
        {
            return new AddSlotsResult(AddSlotsOutcome.InPast, [], past);
        }

        var result = await store.AddSlotsAsync(DoctorId, planned, generated: false, now);
        AnnounceCreated(result);
        return result;
    }

    public async Task<WorkingHoursView?> GetWorkingHoursAsync(CancellationToken cancellationToken = default)
    {
        if (_doctor is null)
        {
            return null;
        }

        var saved = await hours.LoadAsync(DoctorId, cancellationToken);
        return await ViewAsync(saved?.Rules, saved?.UpdatedAt, cancellationToken);
    }

    public async Task<WorkingHoursWriteResult> SetWorkingHoursAsync(WorkingHours rules, CancellationToken cancellationToken = default)
    {
        if (_doctor is null)
        {
            return new WorkingHoursWriteResult(DoctorFound: false, View: null, Created: 0, Deleted: 0);
        }

        await hours.SaveAsync(DoctorId, rules, clock.GetUtcNow());
        var (created, deleted) = await ApplyAsync(rules);
        if (rules.IsEmpty)
        {
            await StopRollingAsync();
        }
        else
        {
            var period = _hoursOptions.RollPeriod > reminders.Value.MinimumReminderPeriod ? _hoursOptions.RollPeriod : reminders.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(RollReminder, period, period);
        }

        var saved = await hours.LoadAsync(DoctorId, CancellationToken.None);
        return new WorkingHoursWriteResult(DoctorFound: true, await ViewAsync(saved?.Rules, saved?.UpdatedAt, CancellationToken.None), created, deleted);
    }

    public async Task<IReadOnlyList<PreviewSlot>?> PreviewWorkingHoursAsync(WorkingHours rules, int days, CancellationToken cancellationToken = default)
    {
        if (_doctor is not { } doctor)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var today = Clock.LocalDate(now, doctor.Profile.TimeZone);
        IReadOnlyList<PlannedSlot> plan = WorkingHoursPlan.Generate(rules, doctor.Profile.TimeZone, today, today.AddDays(days - 1))
            .Where(p => p.StartsAt > now).ToList();
        if (plan.Count == 0)
        {
            return [];
        }

        var existing = await hours.SlotsAsync(DoctorId, now, plan.Max(p => p.EndsAt), cancellationToken);
        var blocked = WorkingHoursPlan.Blocked(plan, existing, now).ToHashSet();
        return [.. plan.Select(p => new PreviewSlot(p, blocked.Contains(p)))];
    }

    /// <summary>The daily roll: the horizon has moved a day on, so the rules make a day more (and anything missed is made good).</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RollReminder)
        {
            return;
        }

        var saved = _doctor is null ? null : await hours.LoadAsync(DoctorId, CancellationToken.None);
        if (saved is not { } rules || rules.Rules.IsEmpty)
        {
            await StopRollingAsync();
            return;
        }

        var (created, deleted) = await ApplyAsync(rules.Rules);
        logger.LogInformation("Working hours of doctor {DoctorId} rolled forward: {Created} slots created, {Deleted} deleted", DoctorId, created, deleted);
    }

    /// <summary>
    /// Brings the doctor's future slots within the horizon in line with <paramref name="rules"/>: free generated
    /// slots that the rules no longer make are deleted through their slot grains (a booking that gets there first
    /// keeps its slot: the grain refuses the delete), and the slots the rules make are created where nothing
    /// stands in their way. Held, booked and hand-made slots are never touched.
    /// </summary>
    private async Task<(int Created, int Deleted)> ApplyAsync(WorkingHours? rules)
    {
        var zone = _doctor!.Profile.TimeZone;
        var now = clock.GetUtcNow();
        var (plan, until) = Plan(rules, now);
        var existing = await hours.SlotsAsync(DoctorId, now, until, CancellationToken.None);

        var gone = new HashSet<Guid>();
        foreach (var batch in WorkingHoursPlan.Obsolete(plan, existing, now).Chunk(ParallelDeletes))
        {
            var outcomes = await Task.WhenAll(batch.Select(s => GrainFactory.GetGrain<ISlotGrain>(s.Id).DeleteAsync()));
            gone.UnionWith(batch.Zip(outcomes).Where(o => o.Second != DeleteOutcome.HasActiveAppointment).Select(o => o.First.Id));
        }

        var missing = WorkingHoursPlan.Missing(plan, existing.Where(s => !gone.Contains(s.Id)).ToList(), now);
        var created = 0;
        if (missing.Count > 0)
        {
            var result = await store.AddSlotsAsync(DoctorId, missing, generated: true, now);
            if (result.Outcome == AddSlotsOutcome.Created)
            {
                created = result.Created.Count;
                AnnounceCreated(result);
            }
            else
            {
                // Only a writer outside this grain can get in the way; the next roll tries again.
                logger.LogWarning("Working hours of doctor {DoctorId}: {Count} slots not created ({Outcome}) in zone {TimeZone}", DoctorId, missing.Count, result.Outcome, zone);
            }
        }

        return (created, gone.Count);
    }

    private async Task<WorkingHoursView> ViewAsync(WorkingHours? rules, DateTimeOffset? updatedAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (plan, until) = Plan(rules, now);
        var existing = await hours.SlotsAsync(DoctorId, now, until, cancellationToken);
        var unfit = WorkingHoursPlan.Unfit(plan, existing, now)
            .Select(s => new UnfitSlot(new Slot(s.Id, DoctorId, s.Date, s.Time, s.DurationMinutes, IsAvailable: false, s.CreatedAt), s.HeldBy!.Value, s.HoldExpiresAt, s.Generated))
            .ToList();
        return new WorkingHoursView(rules, updatedAt, Horizon(now).Through, unfit);
    }

    /// <summary>The slots the rules make over the horizon, and the instant the horizon ends.</summary>
    private (IReadOnlyList<PlannedSlot> Plan, DateTimeOffset Until) Plan(WorkingHours? rules, DateTimeOffset now)
    {
        var zone = _doctor!.Profile.TimeZone;
        var (from, through) = Horizon(now);
        var plan = rules is null ? [] : WorkingHoursPlan.Generate(rules, zone, from, through);
        return (plan, Clock.ToInstant(through.AddDays(1), TimeOnly.MinValue, zone));
    }

    /// <summary>The doctor's today and the last day of the horizon, in the doctor's time zone.</summary>
    private (DateOnly From, DateOnly Through) Horizon(DateTimeOffset now)
    {
        var today = Clock.LocalDate(now, _doctor!.Profile.TimeZone);
        return (today, today.AddDays(_hoursOptions.HorizonDays - 1));
    }

    private async Task StopRollingAsync()
    {
        if (await this.GetReminder(RollReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void AnnounceCreated(AddSlotsResult result)
    {
        foreach (var slot in result.Created)
        {
            _ = Schedule(slot.Date).SlotChangedAsync(new ScheduledSlot(slot.Id, slot.Time, slot.DurationMinutes, slot.CreatedAt, IsHeld: false, HeldUntil: null));
        }
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
