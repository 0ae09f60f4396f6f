using Booking.LoadTest;

namespace Booking.LoadTest.Tests;

public class SpikeChecksTests
{
    private static readonly Guid _slotA = Guid.NewGuid();
    private static readonly Guid _slotB = Guid.NewGuid();
    private static readonly Guid _slotC = Guid.NewGuid();

    private static BookingAnswer Booked(Guid slot) => new(201, Appointment: new CreatedAppointment(Guid.NewGuid(), slot, "token"));

    private static BookingAnswer Taken() => new(409, BookingAnswer.SlotTaken);

    private static BookingAnswer Refused() => new(503, BookingAnswer.ServiceUnavailable, RetryAfter: true);

    private static BookingAnswer Unknown(Guid slot) =>
        new(504, BookingAnswer.OutcomeUnknown, Appointment: new CreatedAppointment(Guid.NewGuid(), slot, "token"));

    private static Sample SampleOf(BookingAnswer answer) => new("book", 0, 1000, answer.Status);

    private static ObservedAppointment Pending(CreatedAppointment a) => new(a.Id, a.SlotId, "PENDING");

    /// <summary>
    /// A truthful spike over three slots: slot A won by a 201, slot B by a 504 that committed, slot C's only winner a 504
    /// that did not; the losers answered 409 or 503. Everything read back and listed as it should be, well within the hold.
    /// </summary>
    private static SpikeCheckInput CleanSpike()
    {
        var winner = Booked(_slotA);
        var committed = Unknown(_slotB);
        var lost = Unknown(_slotC);
        BookingAnswer[] answers = [winner, Taken(), Refused(), committed, Taken(), lost, Refused()];
        var active = new[] { Pending(winner.Appointment!), Pending(committed.Appointment!) };
        return new SpikeCheckInput
        {
            Samples = answers.Select(SampleOf).ToList(),
            Answers = answers,
            FoundById = new Dictionary<Guid, ObservedAppointment> { [winner.Appointment!.Id] = active[0] },
            OutcomeReads = new Dictionary<Guid, AppointmentRead>
            {
                [committed.Appointment!.Id] = new(200, active[1]),
                [lost.Appointment!.Id] = new(404, null, "not found"),
            },
            ListedActive = active,
            HoldDuration = TimeSpan.FromMinutes(2),
            ListedAfter = TimeSpan.FromSeconds(30),
        };
    }

    private static CheckResult Check(SpikeCheckInput input, string name) => Assert.Single(SpikeChecks.Evaluate(input), r => r.Name == name);

    [Fact]
    public void ATruthfulSpikePassesEveryCheckAndCountsEachKindOfAnswer()
    {
        var results = SpikeChecks.Evaluate(CleanSpike());

        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {r.Detail}"));
        Assert.Equal(7, results.Count);
        Assert.Equal("201: 1, 409 slot-taken: 2, 503 + Retry-After: 2, 504 outcome-unknown: 2", Assert.Single(results, r => r.Name == SpikeChecks.OnlyTruthfulAnswers).Detail);
        Assert.StartsWith("2 x 504: 1 committed (200), 1 not (404)", Assert.Single(results, r => r.Name == SpikeChecks.EveryOutcomeUnknownResolved).Detail);
        Assert.StartsWith("2 active = 1 x 201 + 1 committed 504", Assert.Single(results, r => r.Name == SpikeChecks.ActiveMatchesAnswers).Detail);
    }

    [Fact]
    public void A503WithoutRetryAfterFails()
    {
        var input = CleanSpike();
        var bare = new BookingAnswer(503, BookingAnswer.ServiceUnavailable);

        var check = Check(input with { Answers = [.. input.Answers, bare] }, SpikeChecks.OnlyTruthfulAnswers);

        Assert.False(check.Passed);
        Assert.Contains("1 x 503 /problems/service-unavailable without Retry-After", check.Detail);
    }

    [Theory]
    [InlineData(500, "/problems/internal-error", false)]
    [InlineData(503, "/problems/auth-not-configured", true)]
    [InlineData(504, "/problems/request-timeout", false)]
    [InlineData(409, "/problems/idempotency-key-in-use", false)]
    [InlineData(404, "/problems/not-found", false)]
    [InlineData(502, null, false)]
    public void AnyOtherAnswerFails(int status, string? type, bool retryAfter)
    {
        var input = CleanSpike();

        var check = Check(input with { Answers = [.. input.Answers, new BookingAnswer(status, type, retryAfter)] }, SpikeChecks.OnlyTruthfulAnswers);

        Assert.False(check.Passed);
        Assert.Contains($"1 x {status} {type ?? "(no problem type)"}", check.Detail);
    }

    [Fact]
    public void A504OutcomeUnknownThatDoesNotNameItsAppointmentFails()
    {
        var input = CleanSpike();
        var anonymous = new BookingAnswer(504, BookingAnswer.OutcomeUnknown);

        var results = SpikeChecks.Evaluate(input with { Answers = [.. input.Answers, anonymous] });

        Assert.False(Assert.Single(results, r => r.Name == SpikeChecks.OnlyTruthfulAnswers).Passed);
        Assert.False(Assert.Single(results, r => r.Name == SpikeChecks.EveryOutcomeUnknownResolved).Passed);
    }

    [Fact]
    public void AnAttemptWithoutAnAnswerFails()
    {
        var input = CleanSpike();

        var check = Check(input with { Samples = [.. input.Samples, new Sample("book", 0, 1, 0, "time-out (30 s)")] }, SpikeChecks.OnlyTruthfulAnswers);

        Assert.False(check.Passed);
        Assert.Contains("no answer (time-out (30 s))", check.Detail);
    }

    [Fact]
    public void TwoWinnersOfOneSlotFail()
    {
        var input = CleanSpike();
        var second = Booked(_slotA);
        var found = new Dictionary<Guid, ObservedAppointment>(input.FoundById) { [second.Appointment!.Id] = Pending(second.Appointment) };

        var results = SpikeChecks.Evaluate(input with { Answers = [.. input.Answers, second], FoundById = found });

        var check = Assert.Single(results, r => r.Name == SpikeChecks.AtMostOne201PerSlot);
        Assert.False(check.Passed);
        Assert.Contains(_slotA.ToString(), check.Detail);
    }

    [Fact]
    public void A201NotFindableByItsIdFails()
    {
        var input = CleanSpike();

        var check = Check(input with { FoundById = new Dictionary<Guid, ObservedAppointment>() }, "every 201 findable by its id");

        Assert.False(check.Passed);
    }

    [Fact]
    public void A201FoundOnAnotherSlotFails()
    {
        var input = CleanSpike();
        var (id, _) = input.FoundById.Single();

        var check = Check(input with { FoundById = new Dictionary<Guid, ObservedAppointment> { [id] = new(id, _slotC, "PENDING") } }, "every 201 findable by its id");

        Assert.False(check.Passed);
    }

    [Fact]
    public void A504LeftUnresolvedFails()
    {
        var input = CleanSpike();
        var unread = Unknown(_slotC);

        var check = Check(input with { Answers = [.. input.Answers, unread] }, SpikeChecks.EveryOutcomeUnknownResolved);

        Assert.False(check.Passed);
        Assert.Contains($"{unread.Appointment!.Id}: not read back", check.Detail);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(0)]
    [InlineData(500)]
    public void A504WhoseReadBackIsNeither200Nor404Fails(int status)
    {
        var input = CleanSpike();
        var lost = input.OutcomeUnknown.Single(a => a.Appointment!.SlotId == _slotC).Appointment!;
        var reads = new Dictionary<Guid, AppointmentRead>(input.OutcomeReads) { [lost.Id] = new(status, null, "busy") };

        var check = Check(input with { OutcomeReads = reads }, SpikeChecks.EveryOutcomeUnknownResolved);

        Assert.False(check.Passed);
        Assert.Contains("1 unresolved", check.Detail);
    }

    [Fact]
    public void A504ThatCommittedOnAnotherSlotFails()
    {
        var input = CleanSpike();
        var committed = input.OutcomeUnknown.Single(a => a.Appointment!.SlotId == _slotB).Appointment!;
        var reads = new Dictionary<Guid, AppointmentRead>(input.OutcomeReads) { [committed.Id] = new(200, new ObservedAppointment(committed.Id, _slotC, "PENDING")) };

        var check = Check(input with { OutcomeReads = reads }, SpikeChecks.EveryOutcomeUnknownResolved);

        Assert.False(check.Passed);
        Assert.Contains("found on slot", check.Detail);
    }

    [Fact]
    public void MoreActiveAppointmentsThan201sAndCommitted504sFail()
    {
        // The hazard: a booking answered 503 ("nothing was changed") whose hold stands anyway.
        var input = CleanSpike();
        var behindA503 = new ObservedAppointment(Guid.NewGuid(), _slotC, "PENDING");

        var check = Check(input with { ListedActive = [.. input.ListedActive, behindA503] }, SpikeChecks.ActiveMatchesAnswers);

        Assert.False(check.Passed);
        Assert.Contains($"1 active without a 201 or a committed 504, e.g. {behindA503.Id}", check.Detail);
    }

    [Fact]
    public void FewerActiveAppointmentsThan201sAndCommitted504sFail()
    {
        var input = CleanSpike();

        var check = Check(input with { ListedActive = input.ListedActive.Take(1).ToList() }, SpikeChecks.ActiveMatchesAnswers);

        Assert.False(check.Passed);
        Assert.Contains("1 answered 201 or committed 504 but not active", check.Detail);
    }

    [Fact]
    public void A504ReadBack404WhileItsAppointmentIsActiveFails()
    {
        var input = CleanSpike();
        var lost = input.OutcomeUnknown.Single(a => a.Appointment!.SlotId == _slotC).Appointment!;

        var check = Check(input with { ListedActive = [.. input.ListedActive, Pending(lost)] }, SpikeChecks.ActiveMatchesAnswers);

        Assert.False(check.Passed);
    }

    [Fact]
    public void TheCountIsNotJudgedWhenTheListingCameAfterTheHoldsCouldExpire()
    {
        var input = CleanSpike();

        var late = Check(input with { ListedAfter = TimeSpan.FromMinutes(2) }, SpikeChecks.ActiveMatchesAnswers);
        var unmeasured = Check(input with { HoldDuration = null }, SpikeChecks.ActiveMatchesAnswers);

        Assert.False(late.Passed);
        Assert.StartsWith("not judged", late.Detail);
        Assert.False(unmeasured.Passed);
        Assert.StartsWith("not judged", unmeasured.Detail);
    }

    [Fact]
    public void A201AndACommitted504ActiveOnOneSlotFail()
    {
        var input = CleanSpike();
        var sameSlot = Unknown(_slotA);
        var seen = Pending(sameSlot.Appointment!);
        var reads = new Dictionary<Guid, AppointmentRead>(input.OutcomeReads) { [seen.Id] = new(200, seen) };

        var results = SpikeChecks.Evaluate(input with { Answers = [.. input.Answers, sameSlot], OutcomeReads = reads, ListedActive = [.. input.ListedActive, seen] });

        Assert.False(Assert.Single(results, r => r.Name == "at most one active appointment per slot").Passed);
        Assert.True(Assert.Single(results, r => r.Name == SpikeChecks.ActiveMatchesAnswers).Passed);
    }

    [Fact]
    public void ARunStoppedByTheDurationLimitFails()
    {
        Assert.False(Check(CleanSpike() with { StoppedByTimeLimit = true }, "finished within the duration limit").Passed);
    }

    [Fact]
    public void AProblemBodyIsReadForItsTypeAndAnOutcomeUnknownForItsAppointment()
    {
        var slot = Guid.NewGuid();
        var id = Guid.NewGuid();

        var unknown = BookingAnswer.FromProblem(504, false, slot,
            $$"""{"type":"/problems/booking-outcome-unknown","title":"t","status":504,"appointment_id":"{{id}}","access_token":"abc"}""");
        var taken = BookingAnswer.FromProblem(409, false, slot, """{"type":"/problems/slot-taken","status":409}""");
        var garbage = BookingAnswer.FromProblem(502, false, slot, "<html>bad gateway</html>");
        var nameless = BookingAnswer.FromProblem(504, false, slot, """{"type":"/problems/booking-outcome-unknown","status":504}""");

        Assert.Equal(new CreatedAppointment(id, slot, "abc"), unknown.Appointment);
        Assert.True(unknown.IsOutcomeUnknown);
        Assert.Null(SpikeChecks.Unexpected(unknown));
        Assert.Equal((409, BookingAnswer.SlotTaken), (taken.Status, taken.ProblemType));
        Assert.Null(SpikeChecks.Unexpected(taken));
        Assert.Equal("502 (no problem type)", SpikeChecks.Unexpected(garbage));
        Assert.NotNull(SpikeChecks.Unexpected(nameless));
    }
}
