using System.ComponentModel.DataAnnotations;
using Booking.Grains.Interfaces;
using System.Globalization;

namespace Booking.Api.Contracts;

/// <summary>
/// Body of <c>POST /api/slots</c>, in one of three shapes: one slot (<c>date</c> + <c>time</c>), several
/// times on one date (<c>date</c> + <c>times</c>), or a generated range (<c>start_date</c>, <c>end_date</c>,
/// <c>start_time</c>, <c>end_time</c>, <c>slot_minutes</c>: every day of the range, slots of that length
/// from the start time while they end by the end time). Dates and times are in the doctor's time zone.
/// </summary>
/// <param name="DoctorId">Required: the doctor publishing the slots.</param>
/// <param name="Date">YYYY-MM-DD, with <c>time</c> or <c>times</c>.</param>
/// <param name="Time">HH:mm, one slot.</param>
/// <param name="Times">HH:mm each, several slots on <c>date</c> (at most 500).</param>
/// <param name="DurationMinutes">Length of each slot for the first two shapes, 5 to 480; default 30.</param>
/// <param name="StartDate">First day of a range, YYYY-MM-DD.</param>
/// <param name="EndDate">Last day of a range, inclusive; a range spans at most 62 days.</param>
/// <param name="StartTime">Daily start of a range, HH:mm.</param>
/// <param name="EndTime">Daily end of a range, HH:mm, after the start.</param>
/// <param name="SlotMinutes">Length of each generated slot, 5 to 480; default 30.</param>
public sealed record CreateSlotsRequest(
    [property: Required, RegularExpression(WireFormats.Uuid)] string? DoctorId = null,
    [property: RegularExpression(WireFormats.Date)] string? Date = null,
    [property: RegularExpression(WireFormats.Time)] string? Time = null,
    [property: MinLength(1), MaxLength(WireFormats.MaxTimesPerDate)] IReadOnlyList<string?>? Times = null,
    [property: Range(WireFormats.MinSlotMinutes, WireFormats.MaxSlotMinutes)] int? DurationMinutes = null,
    [property: RegularExpression(WireFormats.Date)] string? StartDate = null,
    [property: RegularExpression(WireFormats.Date)] string? EndDate = null,
    [property: RegularExpression(WireFormats.Time)] string? StartTime = null,
    [property: RegularExpression(WireFormats.Time)] string? EndTime = null,
    [property: Range(WireFormats.MinSlotMinutes, WireFormats.MaxSlotMinutes)] int? SlotMinutes = null)
{
    public const int MaxSlotsPerRequest = 2000;
    public const int MaxTimesPerDate = WireFormats.MaxTimesPerDate;
    public const int MaxRangeDays = 62;
    private const int DefaultMinutes = 30;

    /// <summary>The doctor, slot times and slot length this request asks for, or null with the reasons in <paramref name="errors"/>.</summary>
    public (Guid DoctorId, IReadOnlyList<SlotTime> Slots, int DurationMinutes)? Validate(FieldErrors errors)
    {
        var doctorId = errors.Id("doctor_id", DoctorId);
        var isRange = StartDate is not null || EndDate is not null || StartTime is not null || EndTime is not null || SlotMinutes is not null;
        var isOneDate = Date is not null || Time is not null || Times is not null;
        List<SlotTime> slots = [];
        int? minutes;
        if (isRange == isOneDate)
        {
            errors.Add("slots", "give date with time or times, or a range: start_date, end_date, start_time, end_time and slot_minutes.");
            return null;
        }
        else if (isRange)
        {
            if (DurationMinutes is not null)
            {
                errors.Add("duration_minutes", "a range sets the slot length with slot_minutes.");
            }

            minutes = errors.Number("slot_minutes", SlotMinutes ?? DefaultMinutes, WireFormats.MinSlotMinutes, WireFormats.MaxSlotMinutes);
            slots = GenerateRange(errors, minutes);
        }
        else
        {
            minutes = errors.Number("duration_minutes", DurationMinutes ?? DefaultMinutes, WireFormats.MinSlotMinutes, WireFormats.MaxSlotMinutes);
            slots = ListOneDate(errors, minutes);
        }

        return errors.IsEmpty ? (doctorId!.Value, slots, minutes!.Value) : null;
    }

    private List<SlotTime> ListOneDate(FieldErrors errors, int? minutes)
    {
        var date = errors.Date("date", Date);
        if ((Time is null) == (Times is null))
        {
            errors.Add("time", "give either time (one slot) or times (several), not both.");
            return [];
        }

        var rawTimes = Times ?? [Time];
        if (rawTimes.Count is 0 or > MaxTimesPerDate)
        {
            errors.Add("times", $"must list 1 to {MaxTimesPerDate} times.");
            return [];
        }

        var times = rawTimes.Select((t, i) => errors.Time(Times is null ? "time" : $"times[{i}]", t)).ToList();
        if (date is null || times.Any(t => t is null))
        {
            return [];
        }

        var duplicates = times.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key!.Value.ToString(FieldErrors.TimeFormat, CultureInfo.InvariantCulture)).ToList();
        if (duplicates.Count > 0)
        {
            errors.Add("times", $"lists {string.Join(", ", duplicates)} more than once.");
            return [];
        }

        // A doctor is never in two places at once: times closer together than a slot's length overlap.
        var ordered = times.Select((t, i) => (Time: t!.Value, Index: i)).OrderBy(t => t.Time).ToList();
        for (var i = 1; minutes is not null && i < ordered.Count; i++)
        {
            if ((ordered[i].Time - ordered[i - 1].Time).TotalMinutes < minutes)
            {
                errors.Add($"times[{ordered[i].Index}]", $"overlaps {ApiFormat.Time(ordered[i - 1].Time)}: each slot lasts {minutes} minutes.");
            }
        }

        return times.Select(t => new SlotTime(date.Value, t!.Value)).ToList();
    }

    private List<SlotTime> GenerateRange(FieldErrors errors, int? minutes)
    {
        var first = errors.Date("start_date", StartDate);
        var last = errors.Date("end_date", EndDate);
        var from = errors.Time("start_time", StartTime);
        var to = errors.Time("end_time", EndTime);
        if (first is null || last is null || from is null || to is null || minutes is null)
        {
            return [];
        }

        if (last < first || last.Value.DayNumber - first.Value.DayNumber >= MaxRangeDays)
        {
            errors.Add("end_date", $"must be on or after start_date and within {MaxRangeDays} days of it.");
            return [];
        }

        if (to <= from)
        {
            errors.Add("end_time", "must be after start_time.");
            return [];
        }

        var length = TimeSpan.FromMinutes(minutes.Value);
        var perDay = (int)((to.Value - from.Value) / length);
        if (perDay == 0)
        {
            errors.Add("slot_minutes", "is longer than the time between start_time and end_time.");
            return [];
        }

        var days = last.Value.DayNumber - first.Value.DayNumber + 1;
        if (days * perDay > MaxSlotsPerRequest)
        {
            errors.Add("slots", $"the range makes {days * perDay} slots; at most {MaxSlotsPerRequest} can be created in one request.");
            return [];
        }

        return Enumerable.Range(0, days)
            .SelectMany(d => Enumerable.Range(0, perDay).Select(i => new SlotTime(first.Value.AddDays(d), from.Value.Add(length * i))))
            .ToList();
    }
}

/// <summary>A slot as the Api shows it. <c>is_available</c>: in the future and not held by anyone.</summary>
public sealed record SlotResponse(Guid Id, Guid DoctorId, string Date, string Time, int DurationMinutes, bool IsAvailable, DateTimeOffset CreatedAt)
{
    public static SlotResponse From(Slot s) =>
        new(s.Id, s.DoctorId, ApiFormat.Date(s.Date), ApiFormat.Time(s.Time), s.DurationMinutes, s.IsAvailable, s.CreatedAt);
}

/// <summary>The slots a <c>POST /api/slots</c> created.</summary>
public sealed record CreatedSlotsResponse(int Created, IReadOnlyList<SlotResponse> Slots);

/// <summary>An existing slot that a requested one (or a doctor's new time zone) would overlap: local date and time, length, and its instants.</summary>
public sealed record SlotConflictResponse(Guid Id, string Date, string Time, int DurationMinutes, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public static SlotConflictResponse From(SlotConflict c) =>
        new(c.Id, ApiFormat.Date(c.Date), ApiFormat.Time(c.Time), c.DurationMinutes, c.StartsAt, c.EndsAt);
}

/// <summary>A doctor's date and time, as a refused slot creation names it.</summary>
public sealed record SlotTimeResponse(string Date, string Time)
{
    public static SlotTimeResponse From(SlotTime t) => new(ApiFormat.Date(t.Date), ApiFormat.Time(t.Time));
}
