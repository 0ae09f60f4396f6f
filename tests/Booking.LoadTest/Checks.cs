namespace Booking.LoadTest;

/// <summary>An appointment the system answered 201 for: its id and the slot it was booked on.</summary>
/// <param name="AccessToken">The booking answer's access_token, which opens the appointment (null from the commit scenario).</param>
public sealed record CreatedAppointment(Guid Id, Guid SlotId, string? AccessToken = null);

/// <summary>An appointment as read back after the load (status as the API spells it: PENDING, CONFIRMED...).</summary>
public sealed record ObservedAppointment(Guid Id, Guid SlotId, string Status)
{
    public bool IsActive => Status is "PENDING" or "CONFIRMED";
}

/// <summary>A slot as listed after the load.</summary>
public sealed record ObservedSlot(Guid Id, bool IsAvailable);

/// <summary>The outcome of one check; <see cref="Detail"/> says what was found (and why it failed).</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail);

/// <summary>Everything the checks look at, gathered after the load.</summary>
public sealed record CheckInput
{
    /// <summary>Every measured request.</summary>
    public IReadOnlyCollection<Sample> Samples { get; init; } = [];

    /// <summary>The 201 answers to bookings.</summary>
    public IReadOnlyCollection<CreatedAppointment> Created { get; init; } = [];

    /// <summary>Each created appointment read by its id (GET /api/appointments/{id}); a missing key means it was not found.</summary>
    public IReadOnlyDictionary<Guid, ObservedAppointment> FoundById { get; init; } = new Dictionary<Guid, ObservedAppointment>();

    /// <summary>The doctor's PENDING and CONFIRMED appointments as listed (paged through to the end).</summary>
    public IReadOnlyCollection<ObservedAppointment> ListedActive { get; init; } = [];

    /// <summary>The slots the scenario used, as listed with include=all; null when the scenario does not check them.</summary>
    public IReadOnlyCollection<ObservedSlot>? Slots { get; init; }

    /// <summary>The read scenario: the slot ids GET /api/slots (available only) listed after the load; null when not checked.</summary>
    public IReadOnlyCollection<Guid>? ListedAvailable { get; init; }

    /// <summary>When set, exactly this many bookings must have been answered 201 (hot: 1).</summary>
    public int? ExpectedCreated { get; init; }

    /// <summary>When set, the status each appointment must have at the end (lifecycle).</summary>
    public IReadOnlyDictionary<Guid, string>? ExpectedStatuses { get; init; }

    /// <summary>True when the duration limit stopped the run before all its requests were made.</summary>
    public bool StoppedByTimeLimit { get; init; }
}

/// <summary>The correctness checks made after every run. Pure: they judge gathered data and call nothing.</summary>
public static class CorrectnessChecks
{
    internal const int MaxListed = 5;

    public static IReadOnlyList<CheckResult> Evaluate(CheckInput input)
    {
        List<CheckResult> results =
        [
            Completed(input),
            NoServerErrors(input.Samples),
            NoTransportErrors(input.Samples),
            EveryCreatedFindable(input),
            AtMostOneActivePerSlot(input),
        ];
        if (input.Slots is not null)
        {
            results.Add(SlotListingAgrees(input));
        }

        if (input.ListedAvailable is not null && input.Slots is not null)
        {
            results.Add(AvailableListingAgrees(input));
        }

        if (input.ExpectedCreated is { } expected)
        {
            var created = input.Created.Count;
            results.Add(new CheckResult(
                $"exactly {expected} booking(s) answered 201",
                created == expected,
                $"{created} answered 201"));
        }

        if (input.ExpectedStatuses is { } statuses)
        {
            results.Add(FinalStatuses(input, statuses));
        }

        return results;
    }

    internal static CheckResult Completed(CheckInput input) => new(
        "finished within the duration limit",
        !input.StoppedByTimeLimit,
        input.StoppedByTimeLimit ? "the duration limit stopped the run: the figures cover only part of it" : "yes");

    private static CheckResult NoServerErrors(IReadOnlyCollection<Sample> samples)
    {
        var errors = samples.Where(s => s.IsServerError).ToList();
        return new CheckResult(
            "no 5xx",
            errors.Count == 0,
            errors.Count == 0
                ? "none"
                : $"{errors.Count} answer(s) 5xx: " + string.Join(", ", errors.GroupBy(s => $"{s.Operation} {s.Status}").Select(g => $"{g.Count()} x {g.Key}")));
    }

    private static CheckResult NoTransportErrors(IReadOnlyCollection<Sample> samples)
    {
        var errors = samples.Where(s => s.IsTransportError).ToList();
        return new CheckResult(
            "every request answered (no transport errors or time-outs)",
            errors.Count == 0,
            errors.Count == 0
                ? "all answered"
                : $"{errors.Count} without an answer: " + string.Join(", ", errors.GroupBy(s => s.Error ?? "?").Select(g => $"{g.Count()} x {g.Key}")));
    }

    internal static CheckResult EveryCreatedFindable(CheckInput input)
    {
        var missing = input.Created.Where(c => !input.FoundById.ContainsKey(c.Id)).ToList();
        var wrongSlot = input.Created
            .Where(c => input.FoundById.TryGetValue(c.Id, out var found) && found.SlotId != c.SlotId)
            .ToList();
        var passed = missing.Count == 0 && wrongSlot.Count == 0;
        var detail = passed
            ? $"all {input.Created.Count} found"
            : string.Join("; ", new[]
            {
                missing.Count > 0 ? $"{missing.Count} not found, e.g. {Ids(missing.Select(m => m.Id))}" : null,
                wrongSlot.Count > 0 ? $"{wrongSlot.Count} found on another slot, e.g. {Ids(wrongSlot.Select(m => m.Id))}" : null,
            }.Where(s => s is not null));
        return new CheckResult("every 201 findable by its id", passed, detail);
    }

    internal static CheckResult AtMostOneActivePerSlot(CheckInput input)
    {
        // Everything seen active, from the listing and from the reads by id, one entry per appointment.
        var active = input.ListedActive.Where(a => a.IsActive)
            .Concat(input.FoundById.Values.Where(a => a.IsActive))
            .DistinctBy(a => a.Id)
            .ToList();
        var doubled = active.GroupBy(a => a.SlotId).Where(g => g.Count() > 1).ToList();
        return new CheckResult(
            "at most one active appointment per slot",
            doubled.Count == 0,
            doubled.Count == 0
                ? $"{active.Count} active appointment(s) on {active.Select(a => a.SlotId).Distinct().Count()} slot(s)"
                : $"{doubled.Count} slot(s) with several active appointments, e.g. "
                  + string.Join("; ", doubled.Take(MaxListed).Select(g => $"slot {g.Key}: {Ids(g.Select(a => a.Id))}")));
    }

    private static CheckResult SlotListingAgrees(CheckInput input)
    {
        var active = input.ListedActive.Concat(input.FoundById.Values)
            .DistinctBy(a => a.Id)
            .Where(a => a.IsActive)
            .Select(a => a.SlotId)
            .ToHashSet();
        var heldButAvailable = input.Slots!.Where(s => s.IsAvailable && active.Contains(s.Id)).Select(s => s.Id).ToList();
        var freeButTaken = input.Slots!.Where(s => !s.IsAvailable && !active.Contains(s.Id)).Select(s => s.Id).ToList();
        var passed = heldButAvailable.Count == 0 && freeButTaken.Count == 0;
        var detail = passed
            ? $"{input.Slots!.Count} slot(s): {input.Slots!.Count(s => !s.IsAvailable)} taken, each by an active appointment"
            : string.Join("; ", new[]
            {
                heldButAvailable.Count > 0 ? $"{heldButAvailable.Count} listed available while an active appointment holds them, e.g. {Ids(heldButAvailable)}" : null,
                freeButTaken.Count > 0 ? $"{freeButTaken.Count} listed taken with no active appointment, e.g. {Ids(freeButTaken)}" : null,
            }.Where(s => s is not null));
        return new CheckResult("slot listing agrees with the appointments", passed, detail);
    }

    private static CheckResult AvailableListingAgrees(CheckInput input)
    {
        var expected = input.Slots!.Where(s => s.IsAvailable).Select(s => s.Id).ToHashSet();
        var listed = input.ListedAvailable!.ToHashSet();
        var passed = expected.SetEquals(listed);
        return new CheckResult(
            "the free-slot listing shows exactly the available slots",
            passed,
            passed
                ? $"{listed.Count} free of {input.Slots!.Count}"
                : $"listed {listed.Count}, expected {expected.Count}; missing: {Ids(expected.Except(listed))}; extra: {Ids(listed.Except(expected))}");
    }

    private static CheckResult FinalStatuses(CheckInput input, IReadOnlyDictionary<Guid, string> expected)
    {
        var wrong = expected
            .Select(e => (e.Key, Expected: e.Value, Actual: input.FoundById.TryGetValue(e.Key, out var found) ? found.Status : "not found"))
            .Where(e => e.Actual != e.Expected)
            .ToList();
        return new CheckResult(
            "every appointment ends in the status its requests asked for",
            wrong.Count == 0,
            wrong.Count == 0
                ? string.Join(", ", expected.GroupBy(e => e.Value).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"))
                : $"{wrong.Count} differ, e.g. " + string.Join("; ", wrong.Take(MaxListed).Select(w => $"{w.Key}: expected {w.Expected}, found {w.Actual}")));
    }

    internal static string Ids(IEnumerable<Guid> ids) => string.Join(", ", ids.Take(MaxListed));
}
