using System.ComponentModel.DataAnnotations;
using Booking.Grains.Interfaces;

namespace Booking.Api.Contracts;

/// <summary>
/// Body of <c>PUT /api/doctors/{id}/working-hours</c> (and of its preview): the doctor's working hours, replaced whole.
/// Times are the doctor's local times; slots of <c>slot_minutes</c> are made back to back from each period's start,
/// <c>buffer_minutes</c> apart, while they end by the period's end.
/// </summary>
/// <param name="SlotMinutes">Length of each slot, 5 to 480; default 30.</param>
/// <param name="BufferMinutes">Free minutes between one slot's end and the next one's start, 0 to 240; default 0.</param>
/// <param name="Weekly">Periods of work per weekday (at most 70); periods of one weekday must not overlap.</param>
/// <param name="Exceptions">Dates with other hours (at most 400): <c>periods</c> empty or missing is a day off.</param>
public sealed record WorkingHoursRequest(
    [property: Range(WireFormats.MinSlotMinutes, WireFormats.MaxSlotMinutes)] int? SlotMinutes = null,
    [property: Range(0, 240)] int? BufferMinutes = null,
    [property: MaxLength(WorkingHoursRequest.MaxWeeklyPeriods)] IReadOnlyList<WeeklyPeriodRequest?>? Weekly = null,
    [property: MaxLength(WorkingHoursRequest.MaxExceptions)] IReadOnlyList<WorkingDayExceptionRequest?>? Exceptions = null)
{
    public const int MaxWeeklyPeriods = 70;
    public const int MaxExceptions = 400;
    public const int MaxPeriodsPerException = 10;
    public const int MaxNoteLength = 200;

    /// <summary>How far from today exception dates may lie: yesterday (for zones ahead of UTC) to two years on.</summary>
    public const int MaxExceptionDaysAhead = 731;

    private const int DefaultSlotMinutes = 30;

    /// <summary>The working hours this request describes, or null with the reasons in <paramref name="errors"/>.</summary>
    public WorkingHours? Validate(FieldErrors errors, DateOnly todayUtc)
    {
        var slotMinutes = errors.Number("slot_minutes", SlotMinutes ?? DefaultSlotMinutes, WireFormats.MinSlotMinutes, WireFormats.MaxSlotMinutes);
        var bufferMinutes = errors.Number("buffer_minutes", BufferMinutes ?? 0, 0, 240);
        if ((Weekly?.Count ?? 0) > MaxWeeklyPeriods)
        {
            errors.Add("weekly", $"must list at most {MaxWeeklyPeriods} periods.");
            return null;
        }

        if ((Exceptions?.Count ?? 0) > MaxExceptions)
        {
            errors.Add("exceptions", $"must list at most {MaxExceptions} dates.");
            return null;
        }

        var weekly = new List<(int Index, WeeklyPeriod Period)>();
        foreach (var (item, i) in (Weekly ?? []).Select((p, i) => (p, i)))
        {
            var field = $"weekly[{i}]";
            if (item is null)
            {
                errors.Add(field, "is required: give weekday, start_time and end_time.");
                continue;
            }

            var day = errors.Weekday($"{field}.weekday", item.Weekday);
            if (Period(errors, field, item.StartTime, item.EndTime, slotMinutes) is { } period && day is not null)
            {
                weekly.Add((i, new WeeklyPeriod(day.Value, period.Start, period.End)));
            }
        }

        foreach (var day in weekly.GroupBy(p => p.Period.Day))
        {
            NoOverlaps(errors, day.Select(p => (p.Index, new TimePeriod(p.Period.Start, p.Period.End))).ToList(), i => $"weekly[{i}]");
        }

        var exceptions = new List<WorkingDayException>();
        foreach (var (item, i) in (Exceptions ?? []).Select((e, i) => (e, i)))
        {
            if (ValidateException(errors, item, $"exceptions[{i}]", slotMinutes, todayUtc) is { } exception)
            {
                if (exceptions.Any(e => e.Date == exception.Date))
                {
                    errors.Add($"exceptions[{i}].date", $"lists {ApiFormat.Date(exception.Date)} a second time; give each date once.");
                    continue;
                }

                exceptions.Add(exception);
            }
        }

        return errors.IsEmpty ? new WorkingHours(slotMinutes!.Value, bufferMinutes!.Value, weekly.Select(p => p.Period).ToList(), exceptions) : null;
    }

    private static WorkingDayException? ValidateException(FieldErrors errors, WorkingDayExceptionRequest? item, string field, int? slotMinutes, DateOnly todayUtc)
    {
        if (item is null)
        {
            errors.Add(field, "is required: give date, and periods (none for a day off).");
            return null;
        }

        var date = errors.Date($"{field}.date", item.Date);
        if (date is { } d && (d < todayUtc.AddDays(-1) || d > todayUtc.AddDays(MaxExceptionDaysAhead)))
        {
            errors.Add($"{field}.date", $"must be from yesterday to {MaxExceptionDaysAhead} days ahead.");
            date = null;
        }

        var note = errors.Text($"{field}.note", item.Note, MaxNoteLength, required: false);
        if ((item.Periods?.Count ?? 0) > MaxPeriodsPerException)
        {
            errors.Add($"{field}.periods", $"must list at most {MaxPeriodsPerException} periods.");
            return null;
        }

        var periods = new List<(int Index, TimePeriod Period)>();
        foreach (var (p, j) in (item.Periods ?? []).Select((p, j) => (p, j)))
        {
            var periodField = $"{field}.periods[{j}]";
            if (p is null)
            {
                errors.Add(periodField, "is required: give start_time and end_time.");
            }
            else if (Period(errors, periodField, p.StartTime, p.EndTime, slotMinutes) is { } period)
            {
                periods.Add((j, period));
            }
        }

        NoOverlaps(errors, periods, j => $"{field}.periods[{j}]");
        return date is null ? null : new WorkingDayException(date.Value, periods.Select(p => p.Period).ToList(), note);
    }

    /// <summary>A period that ends after it starts and holds at least one slot, or null with the reason recorded.</summary>
    private static TimePeriod? Period(FieldErrors errors, string field, string? startTime, string? endTime, int? slotMinutes)
    {
        var start = errors.Time($"{field}.start_time", startTime);
        var end = errors.Time($"{field}.end_time", endTime);
        if (start is null || end is null)
        {
            return null;
        }

        if (end <= start)
        {
            errors.Add($"{field}.end_time", "must be after start_time (a period ends on the day it starts).");
            return null;
        }

        if (slotMinutes is not null && (end.Value - start.Value).TotalMinutes < slotMinutes)
        {
            errors.Add($"{field}.end_time", $"leaves less than slot_minutes ({slotMinutes}) after start_time: the period would make no slot.");
            return null;
        }

        return new TimePeriod(start.Value, end.Value);
    }

    /// <summary>Periods of one day must not overlap (touching is fine: 09:00-12:00 and 12:00-13:00).</summary>
    private static void NoOverlaps(FieldErrors errors, List<(int Index, TimePeriod Period)> periods, Func<int, string> field)
    {
        var ordered = periods.OrderBy(p => p.Period.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (before, current) = (ordered[i - 1], ordered[i]);
            if (current.Period.Start < before.Period.End)
            {
                errors.Add(field(current.Index),
                    $"overlaps {field(before.Index)} ({ApiFormat.Time(before.Period.Start)}-{ApiFormat.Time(before.Period.End)}) on the same day.");
            }
        }
    }
}

/// <summary>A weekly period of work.</summary>
/// <param name="Weekday">monday, tuesday, wednesday, thursday, friday, saturday or sunday.</param>
/// <param name="StartTime">HH:mm, local.</param>
/// <param name="EndTime">HH:mm, local, after start_time.</param>
public sealed record WeeklyPeriodRequest(
    [property: Required] string? Weekday = null,
    [property: Required, RegularExpression(WireFormats.Time)] string? StartTime = null,
    [property: Required, RegularExpression(WireFormats.Time)] string? EndTime = null);

/// <summary>A date with other hours than its weekday's.</summary>
/// <param name="Date">YYYY-MM-DD, from yesterday to two years ahead; each date once.</param>
/// <param name="Periods">The hours of that date (at most 10); empty or missing: a day off.</param>
/// <param name="Note">Optional, e.g. "Public holiday"; at most 200 characters.</param>
public sealed record WorkingDayExceptionRequest(
    [property: Required, RegularExpression(WireFormats.Date)] string? Date = null,
    [property: MaxLength(WorkingHoursRequest.MaxPeriodsPerException)] IReadOnlyList<PeriodRequest?>? Periods = null,
    [property: MaxLength(WorkingHoursRequest.MaxNoteLength)] string? Note = null);

/// <summary>A period of work on an exception's date.</summary>
/// <param name="StartTime">HH:mm, local.</param>
/// <param name="EndTime">HH:mm, local, after start_time.</param>
public sealed record PeriodRequest(
    [property: Required, RegularExpression(WireFormats.Time)] string? StartTime = null,
    [property: Required, RegularExpression(WireFormats.Time)] string? EndTime = null);

/// <summary>A doctor's working hours as the Api shows them, with the held or booked slots that do not fit them.</summary>
/// <param name="DoctorId">The doctor.</param>
/// <param name="TimeZone">The doctor's time zone, in which every date and time here is local.</param>
/// <param name="SlotMinutes">Length of each slot (30 when none were set).</param>
/// <param name="BufferMinutes">Free minutes between slots.</param>
/// <param name="Weekly">Periods per weekday, Monday first.</param>
/// <param name="Exceptions">Dates with other hours; no periods: a day off.</param>
/// <param name="UpdatedAt">When they were last replaced; null when none were ever set.</param>
/// <param name="GeneratedThrough">The last day (doctor's time zone) the generated slots reach; outside_rules covers slots up to it.</param>
/// <param name="OutsideRules">Held (PENDING) or booked (CONFIRMED) future slots the rules would not make; they are kept.</param>
public sealed record WorkingHoursResponse(
    Guid DoctorId,
    string TimeZone,
    int SlotMinutes,
    int BufferMinutes,
    IReadOnlyList<WeeklyPeriodResponse> Weekly,
    IReadOnlyList<WorkingDayExceptionResponse> Exceptions,
    DateTimeOffset? UpdatedAt,
    string GeneratedThrough,
    IReadOnlyList<UnfitSlotResponse> OutsideRules)
{
    public static WorkingHoursResponse From(Guid doctorId, string timeZone, WorkingHoursView view)
    {
        var rules = view.Rules ?? new WorkingHours(30, 0, [], []);
        return new WorkingHoursResponse(
            doctorId, timeZone, rules.SlotMinutes, rules.BufferMinutes,
            rules.Weekly.OrderBy(p => ((int)p.Day + 6) % 7).ThenBy(p => p.Start)
                .Select(p => new WeeklyPeriodResponse(FieldErrors.WeekdayName(p.Day), ApiFormat.Time(p.Start), ApiFormat.Time(p.End))).ToList(),
            rules.Exceptions.OrderBy(e => e.Date).Select(e => new WorkingDayExceptionResponse(
                ApiFormat.Date(e.Date), e.Periods.Select(p => new PeriodResponse(ApiFormat.Time(p.Start), ApiFormat.Time(p.End))).ToList(), e.Note)).ToList(),
            view.UpdatedAt,
            ApiFormat.Date(view.GeneratedThrough),
            view.Unfit.Select(UnfitSlotResponse.From).ToList());
    }
}

public sealed record WeeklyPeriodResponse(string Weekday, string StartTime, string EndTime);

public sealed record PeriodResponse(string StartTime, string EndTime);

public sealed record WorkingDayExceptionResponse(string Date, IReadOnlyList<PeriodResponse> Periods, string? Note);

/// <summary>A held or booked slot outside the working hours: <c>status</c> PENDING (until <c>held_until</c>) or CONFIRMED.</summary>
public sealed record UnfitSlotResponse(Guid Id, string Date, string Time, int DurationMinutes, Guid AppointmentId, string Status, DateTimeOffset? HeldUntil, bool Generated)
{
    public static UnfitSlotResponse From(UnfitSlot u) => new(
        u.Slot.Id, ApiFormat.Date(u.Slot.Date), ApiFormat.Time(u.Slot.Time), u.Slot.DurationMinutes, u.AppointmentId,
        u.HeldUntil is null ? "CONFIRMED" : "PENDING", u.HeldUntil, u.Generated);
}

/// <summary>What <c>PUT /api/doctors/{id}/working-hours</c> did: slots created and deleted, and the working hours afterwards.</summary>
public sealed record WorkingHoursSavedResponse(int Created, int Deleted, WorkingHoursResponse WorkingHours);

/// <summary>
/// A slot the working hours would make. <c>blocked</c>: saving them would leave it out, because a slot that stays (held,
/// booked or made by hand) is at its time or overlaps it.
/// </summary>
public sealed record PlannedSlotResponse(string Date, string Time, int DurationMinutes, DateTimeOffset StartsAt, bool Blocked)
{
    public static PlannedSlotResponse From(PreviewSlot s) =>
        new(ApiFormat.Date(s.Slot.Date), ApiFormat.Time(s.Slot.Time), s.Slot.DurationMinutes, s.Slot.StartsAt, s.Blocked);
}

/// <summary>The slots the working hours in the request would make from the doctor's today on, for <c>days</c> days; nothing is saved.</summary>
public sealed record WorkingHoursPreviewResponse(string TimeZone, int Days, IReadOnlyList<PlannedSlotResponse> Slots);
