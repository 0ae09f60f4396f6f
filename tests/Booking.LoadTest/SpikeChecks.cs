using System.Globalization;

namespace Booking.LoadTest;

/// <summary>Everything the spike's checks look at, gathered after the load.</summary>
public sealed record SpikeCheckInput
{
    /// <summary>Every measured booking attempt (a status of 0: no answer).</summary>
    public IReadOnlyCollection<Sample> Samples { get; init; } = [];

    /// <summary>The answer of every attempt that got one.</summary>
    public IReadOnlyCollection<BookingAnswer> Answers { get; init; } = [];

    /// <summary>Each 201's appointment read by its id with its token; a missing key means it was not found.</summary>
    public IReadOnlyDictionary<Guid, ObservedAppointment> FoundById { get; init; } = new Dictionary<Guid, ObservedAppointment>();

    /// <summary>Each 504 outcome-unknown's appointment read back with its token after the load, by appointment id; a missing key: not read.</summary>
    public IReadOnlyDictionary<Guid, AppointmentRead> OutcomeReads { get; init; } = new Dictionary<Guid, AppointmentRead>();

    /// <summary>The scenario doctor's PENDING and CONFIRMED appointments as listed after the load (paged through to the end).</summary>
    public IReadOnlyCollection<ObservedAppointment> ListedActive { get; init; } = [];

    /// <summary>How long a hold lasts on the system under test (measured before the load); null when it could not be measured.</summary>
    public TimeSpan? HoldDuration { get; init; }

    /// <summary>From the start of the measured phase to the end of the listing of active appointments.</summary>
    public TimeSpan ListedAfter { get; init; }

    /// <summary>True when the duration limit stopped the run before all its attempts were made.</summary>
    public bool StoppedByTimeLimit { get; init; }

    /// <summary>The appointments answered 201.</summary>
    public IReadOnlyList<CreatedAppointment> Created =>
        Answers.Where(a => a.Status == 201 && a.Appointment is not null).Select(a => a.Appointment!).ToList();

    /// <summary>The 504 outcome-unknown answers.</summary>
    public IReadOnlyList<BookingAnswer> OutcomeUnknown => Answers.Where(a => a.IsOutcomeUnknown).ToList();
}

/// <summary>
/// The spike's checks: many patients at once on a few slots, each attempt's first answer taken as its answer (no retries).
/// A 201 means committed, a 503 with Retry-After that nothing was or will be committed, and a 504 outcome-unknown is
/// resolved by reading its appointment back. Pure: they judge gathered data and call nothing.
/// </summary>
public static class SpikeChecks
{
    public const string OnlyTruthfulAnswers = "only 201, 409 slot-taken, 503 + Retry-After and 504 outcome-unknown answers";
    public const string AtMostOne201PerSlot = "at most one 201 per slot";
    public const string EveryOutcomeUnknownResolved = "every 504 outcome-unknown resolved by reading it back (200 committed, 404 not)";
    public const string ActiveMatchesAnswers = "active appointments = 201s + committed 504s";

    public static IReadOnlyList<CheckResult> Evaluate(SpikeCheckInput input)
    {
        var created = input.Created;
        var committedUnknown = CommittedOutcomeUnknown(input);
        // The checks shared with the other scenarios see the 201s, and the 504s that turned out committed as found.
        var found = new Dictionary<Guid, ObservedAppointment>(input.FoundById);
        foreach (var appointment in committedUnknown)
        {
            found.TryAdd(appointment.Id, appointment);
        }

        var common = new CheckInput
        {
            Samples = input.Samples,
            Created = created,
            FoundById = found,
            ListedActive = input.ListedActive,
            StoppedByTimeLimit = input.StoppedByTimeLimit,
        };
        return
        [
            CorrectnessChecks.Completed(common),
            OnlyTruthful(input),
            OneWinnerPerSlot(created),
            CorrectnessChecks.EveryCreatedFindable(common),
            OutcomesResolved(input),
            ActiveAppointmentsMatch(input, created, committedUnknown),
            CorrectnessChecks.AtMostOneActivePerSlot(common),
        ];
    }

    /// <summary>What an answer is, as the checks and the report name it; null when the spike allows it.</summary>
    public static string? Unexpected(BookingAnswer answer) => answer switch
    {
        { Status: 201 } => null,
        { Status: 409, ProblemType: BookingAnswer.SlotTaken } => null,
        { Status: 503, ProblemType: BookingAnswer.ServiceUnavailable, RetryAfter: true } => null,
        { Status: 503, RetryAfter: false } => $"503 {answer.ProblemType ?? "(no problem type)"} without Retry-After",
        { IsOutcomeUnknown: true, Appointment: not null } => null,
        { IsOutcomeUnknown: true } => "504 outcome-unknown without appointment_id and access_token",
        _ => $"{answer.Status.ToString(CultureInfo.InvariantCulture)} {answer.ProblemType ?? "(no problem type)"}",
    };

    /// <summary>The label of an allowed answer in the per-kind counts.</summary>
    public static string Label(BookingAnswer answer) => Unexpected(answer) ?? answer.Status switch
    {
        409 => "409 slot-taken",
        503 => "503 + Retry-After",
        504 => "504 outcome-unknown",
        _ => answer.Status.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The answers counted by kind, in status order ("201: 2000, 409 slot-taken: 18000").</summary>
    public static string CountsByKind(IEnumerable<BookingAnswer> answers) => string.Join(", ", answers
        .GroupBy(Label)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"{g.Key}: {g.Count().ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The 504 outcome-unknown appointments that read back 200 on the slot they were booked on.</summary>
    public static IReadOnlyList<ObservedAppointment> CommittedOutcomeUnknown(SpikeCheckInput input) => input.OutcomeUnknown
        .Where(a => a.Appointment is not null)
        .Select(a => (Booked: a.Appointment!, Read: input.OutcomeReads.GetValueOrDefault(a.Appointment!.Id)))
        .Where(r => r.Read is { Status: 200, Appointment: { } seen } && seen.SlotId == r.Booked.SlotId)
        .Select(r => r.Read!.Appointment!)
        .ToList();

    private static CheckResult OnlyTruthful(SpikeCheckInput input)
    {
        var unexpected = input.Answers.Select(Unexpected).OfType<string>()
            .Concat(input.Samples.Where(s => s.IsTransportError).Select(s => $"no answer ({s.Error ?? "?"})"))
            .ToList();
        var counts = CountsByKind(input.Answers);
        return new CheckResult(
            OnlyTruthfulAnswers,
            unexpected.Count == 0,
            unexpected.Count == 0
                ? counts.Length == 0 ? "no answers" : counts
                : $"{unexpected.Count} other: " + string.Join(", ", unexpected.GroupBy(u => u).Select(g => $"{g.Count()} x {g.Key}")) + $" (all answers: {counts})");
    }

    private static CheckResult OneWinnerPerSlot(IReadOnlyList<CreatedAppointment> created)
    {
        var doubled = created.GroupBy(c => c.SlotId).Where(g => g.Count() > 1).ToList();
        return new CheckResult(
            AtMostOne201PerSlot,
            doubled.Count == 0,
            doubled.Count == 0
                ? $"{created.Count} x 201 on {created.Select(c => c.SlotId).Distinct().Count()} slot(s)"
                : $"{doubled.Count} slot(s) answered 201 more than once, e.g. "
                  + string.Join("; ", doubled.Take(CorrectnessChecks.MaxListed).Select(g => $"slot {g.Key}: {CorrectnessChecks.Ids(g.Select(c => c.Id))}")));
    }

    private static CheckResult OutcomesResolved(SpikeCheckInput input)
    {
        var unknown = input.OutcomeUnknown;
        if (unknown.Count == 0)
        {
            return new CheckResult(EveryOutcomeUnknownResolved, true, "no 504 outcome-unknown answers");
        }

        var committed = 0;
        var notCommitted = 0;
        List<string> unresolved = [];
        foreach (var answer in unknown)
        {
            if (answer.Appointment is not { } booked)
            {
                unresolved.Add("a 504 without appointment_id and access_token");
                continue;
            }

            switch (input.OutcomeReads.GetValueOrDefault(booked.Id))
            {
                case null:
                    unresolved.Add($"{booked.Id}: not read back");
                    break;
                case { Status: 200, Appointment: { } seen } when seen.SlotId == booked.SlotId:
                    committed++;
                    break;
                case { Status: 200, Appointment: { } seen }:
                    unresolved.Add($"{booked.Id}: found on slot {seen.SlotId}, booked on {booked.SlotId}");
                    break;
                case { Status: 404 }:
                    notCommitted++;
                    break;
                case { } read:
                    unresolved.Add($"{booked.Id}: answered {(read.Status == 0 ? "nothing" : read.Status.ToString(CultureInfo.InvariantCulture))} ({read.Detail})");
                    break;
            }
        }

        var counted = $"{unknown.Count} x 504: {committed} committed (200), {notCommitted} not (404)";
        return new CheckResult(
            EveryOutcomeUnknownResolved,
            unresolved.Count == 0,
            unresolved.Count == 0 ? counted : $"{counted}, {unresolved.Count} unresolved, e.g. " + string.Join("; ", unresolved.Take(CorrectnessChecks.MaxListed)));
    }

    private static CheckResult ActiveAppointmentsMatch(SpikeCheckInput input, IReadOnlyList<CreatedAppointment> created, IReadOnlyList<ObservedAppointment> committedUnknown)
    {
        if (input.HoldDuration is not { } hold)
        {
            return new CheckResult(ActiveMatchesAnswers, false,
                "not judged: the hold duration could not be measured before the load, so holds may have expired before the listing");
        }

        var timing = $"listed {input.ListedAfter.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s after the load began; holds last {hold.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
        if (input.ListedAfter >= hold)
        {
            return new CheckResult(ActiveMatchesAnswers, false,
                $"not judged: {timing}, so holds may have expired before the listing (start the system with a longer Booking__HoldDuration)");
        }

        var active = input.ListedActive.Where(a => a.IsActive).Select(a => a.Id).ToHashSet();
        var answered = created.Select(c => c.Id).Concat(committedUnknown.Select(a => a.Id)).ToHashSet();
        var unaccounted = active.Except(answered).ToList();
        var notActive = answered.Except(active).ToList();
        var sum = $"{created.Count} x 201 + {committedUnknown.Count} committed 504";
        var passed = unaccounted.Count == 0 && notActive.Count == 0;
        return new CheckResult(
            ActiveMatchesAnswers,
            passed,
            passed
                ? $"{active.Count} active = {sum} ({timing})"
                : $"{active.Count} active, {sum} = {answered.Count}; " + string.Join("; ", new[]
                {
                    unaccounted.Count > 0 ? $"{unaccounted.Count} active without a 201 or a committed 504, e.g. {CorrectnessChecks.Ids(unaccounted)}" : null,
                    notActive.Count > 0 ? $"{notActive.Count} answered 201 or committed 504 but not active, e.g. {CorrectnessChecks.Ids(notActive)}" : null,
                }.Where(s => s is not null)) + $" ({timing})");
    }
}
