using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>
/// Working hours turned into slots, and what a change of them does to the slots a doctor has: pure logic,
/// no database. Local times are converted with <see cref="Clock"/>, so a weekly 09:00-17:00 stays 09:00-17:00
/// local across a clock change; a local time the clocks skip makes no slot, one they repeat makes one slot
/// (at its later instant), and no two planned slots ever overlap as instants.
/// </summary>
public static class WorkingHoursPlan
{
    /// <summary>The slots <paramref name="rules"/> make from <paramref name="from"/> through <paramref name="through"/> (inclusive), in time order.</summary>
    public static IReadOnlyList<PlannedSlot> Generate(WorkingHours rules, string timeZone, DateOnly from, DateOnly through)
    {
        var exceptions = rules.Exceptions.ToDictionary(e => e.Date);
        var length = TimeSpan.FromMinutes(rules.SlotMinutes);
        var step = length + TimeSpan.FromMinutes(rules.BufferMinutes);
        var slots = new List<PlannedSlot>();
        DateTimeOffset? lastEnd = null;
        for (var date = from; date <= through; date = date.AddDays(1))
        {
            var periods = exceptions.TryGetValue(date, out var exception)
                ? exception.Periods
                : rules.Weekly.Where(p => p.Day == date.DayOfWeek).Select(p => new TimePeriod(p.Start, p.End));
            foreach (var period in periods.OrderBy(p => p.Start))
            {
                var periodEnds = Clock.ToInstant(date, period.End, timeZone);
                for (var t = period.Start.ToTimeSpan(); t + length <= period.End.ToTimeSpan(); t += step)
                {
                    var time = TimeOnly.FromTimeSpan(t);
                    if (!Clock.Exists(date, time, timeZone))
                    {
                        continue;
                    }

                    var slot = new PlannedSlot(date, time, rules.SlotMinutes, Clock.ToInstant(date, time, timeZone));
                    // On a clock-change day a slot may run past its period's end as an instant, or (after a
                    // repeated hour) start before the previous one ended: such a slot is not made.
                    if (slot.EndsAt > periodEnds || slot.StartsAt < lastEnd)
                    {
                        continue;
                    }

                    slots.Add(slot);
                    lastEnd = slot.EndsAt;
                }
            }
        }

        return slots;
    }

    /// <summary>
    /// The free generated slots a change should delete: those starting after <paramref name="now"/> that the
    /// plan does not make with the same date, time and length. Held, booked and hand-made slots always stay.
    /// </summary>
    public static IReadOnlyList<ExistingSlot> Obsolete(IReadOnlyList<PlannedSlot> plan, IReadOnlyList<ExistingSlot> existing, DateTimeOffset now)
    {
        var planned = plan.Select(Key).ToHashSet();
        return existing.Where(s => s.Generated && s.StartsAt > now && !s.IsHeldAt(now) && !planned.Contains(Key(s))).ToList();
    }

    /// <summary>
    /// The planned slots to create, given the slots that stay: those starting after <paramref name="now"/> with no
    /// slot at their date and time yet, and overlapping none that stays.
    /// </summary>
    public static IReadOnlyList<PlannedSlot> Missing(IReadOnlyList<PlannedSlot> plan, IReadOnlyList<ExistingSlot> staying, DateTimeOffset now)
    {
        var taken = staying.Select(s => (s.Date, s.Time)).ToHashSet();
        var ranges = staying.OrderBy(s => s.StartsAt).ToList();
        return plan.Where(p => p.StartsAt > now && !taken.Contains((p.Date, p.Time)) && !Overlaps(ranges, p.StartsAt, p.EndsAt)).ToList();
    }

    /// <summary>
    /// The planned slots (starting after <paramref name="now"/>) that applying the plan would not make, because a slot
    /// that stays (held, booked, made by hand) is at their time or overlaps them; a planned slot that exists already is
    /// not blocked.
    /// </summary>
    public static IReadOnlyList<PlannedSlot> Blocked(IReadOnlyList<PlannedSlot> plan, IReadOnlyList<ExistingSlot> existing, DateTimeOffset now)
    {
        var obsolete = Obsolete(plan, existing, now).Select(s => s.Id).ToHashSet();
        var staying = existing.Where(s => !obsolete.Contains(s.Id)).ToList();
        var there = staying.Select(Key).ToHashSet();
        var made = Missing(plan, staying, now).ToHashSet();
        return plan.Where(p => p.StartsAt > now && !made.Contains(p) && !there.Contains(Key(p))).ToList();
    }

    /// <summary>The slots that stay, are held or booked at <paramref name="now"/>, and are not a slot of the plan.</summary>
    public static IReadOnlyList<ExistingSlot> Unfit(IReadOnlyList<PlannedSlot> plan, IReadOnlyList<ExistingSlot> staying, DateTimeOffset now)
    {
        var planned = plan.Select(Key).ToHashSet();
        return staying.Where(s => s.StartsAt > now && s.IsHeldAt(now) && !planned.Contains(Key(s))).OrderBy(s => s.StartsAt).ToList();
    }

    /// <summary>True when any of <paramref name="byStart"/> (ordered by start) overlaps [<paramref name="starts"/>, <paramref name="ends"/>).</summary>
    private static bool Overlaps(List<ExistingSlot> byStart, DateTimeOffset starts, DateTimeOffset ends)
    {
        foreach (var slot in byStart)
        {
            if (slot.StartsAt >= ends)
            {
                return false;
            }

            if (slot.EndsAt > starts)
            {
                return true;
            }
        }

        return false;
    }

    private static (DateOnly, TimeOnly, int) Key(PlannedSlot p) => (p.Date, p.Time, p.DurationMinutes);

    private static (DateOnly, TimeOnly, int) Key(ExistingSlot s) => (s.Date, s.Time, s.DurationMinutes);
}

/// <summary>A slot a doctor has, as a change of working hours sees it.</summary>
public sealed record ExistingSlot(
    Guid Id,
    DateOnly Date,
    TimeOnly Time,
    int DurationMinutes,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    bool Generated,
    Guid? HeldBy,
    DateTimeOffset? HoldExpiresAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>True while an unexpired hold (until <see cref="HoldExpiresAt"/>) or a confirmed appointment (no end) keeps the slot.</summary>
    public bool IsHeldAt(DateTimeOffset now) => HeldBy is not null && (HoldExpiresAt is null || HoldExpiresAt > now);
}
