using Booking.LoadTest;

namespace Booking.LoadTest.Tests;

public class CorrectnessChecksTests
{
    private static readonly Guid _slotA = Guid.NewGuid();
    private static readonly Guid _slotB = Guid.NewGuid();

    private static Sample Answer(int status, string operation = "book") => new(operation, 0, 1000, status);

    /// <summary>A clean spread of two bookings on two slots, everything read back as it should be.</summary>
    private static CheckInput CleanRun()
    {
        var first = new CreatedAppointment(Guid.NewGuid(), _slotA);
        var second = new CreatedAppointment(Guid.NewGuid(), _slotB);
        var found = new[] { first, second }.ToDictionary(c => c.Id, c => new ObservedAppointment(c.Id, c.SlotId, "PENDING"));
        return new CheckInput
        {
            Samples = [Answer(201), Answer(201), Answer(409)],
            Created = [first, second],
            FoundById = found,
            ListedActive = found.Values.ToList(),
            Slots = [new ObservedSlot(_slotA, false), new ObservedSlot(_slotB, false)],
        };
    }

    private static CheckResult Check(IReadOnlyList<CheckResult> results, string name) => Assert.Single(results, r => r.Name == name);

    [Fact]
    public void ACleanRunPassesEveryCheck()
    {
        var results = CorrectnessChecks.Evaluate(CleanRun());

        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {r.Detail}"));
        Assert.Contains(results, r => r.Name == "at most one active appointment per slot");
        Assert.Contains(results, r => r.Name == "every 201 findable by its id");
    }

    [Fact]
    public void TwoActiveAppointmentsOnOneSlotFail()
    {
        var input = CleanRun();
        var intruder = new ObservedAppointment(Guid.NewGuid(), _slotA, "CONFIRMED");

        var results = CorrectnessChecks.Evaluate(input with { ListedActive = [.. input.ListedActive, intruder] });

        var check = Check(results, "at most one active appointment per slot");
        Assert.False(check.Passed);
        Assert.Contains(_slotA.ToString(), check.Detail);
    }

    [Fact]
    public void TwoCreatedAppointmentsStillActiveOnOneSlotFailEvenWhenTheListingMissesOne()
    {
        var input = CleanRun();
        var second = new CreatedAppointment(Guid.NewGuid(), _slotA);
        var found = new Dictionary<Guid, ObservedAppointment>(input.FoundById) { [second.Id] = new(second.Id, _slotA, "PENDING") };

        var results = CorrectnessChecks.Evaluate(input with { Created = [.. input.Created, second], FoundById = found });

        Assert.False(Check(results, "at most one active appointment per slot").Passed);
    }

    [Fact]
    public void AnActiveAndACancelledAppointmentOnOneSlotPass()
    {
        var input = CleanRun();
        var cancelled = new ObservedAppointment(Guid.NewGuid(), _slotA, "CANCELLED");
        var found = new Dictionary<Guid, ObservedAppointment>(input.FoundById) { [cancelled.Id] = cancelled };

        var results = CorrectnessChecks.Evaluate(input with { FoundById = found });

        Assert.True(Check(results, "at most one active appointment per slot").Passed);
    }

    [Fact]
    public void A201NotFindableByItsIdFails()
    {
        var input = CleanRun();
        var lost = new CreatedAppointment(Guid.NewGuid(), _slotB);

        var results = CorrectnessChecks.Evaluate(input with { Created = [.. input.Created, lost] });

        var check = Check(results, "every 201 findable by its id");
        Assert.False(check.Passed);
        Assert.Contains(lost.Id.ToString(), check.Detail);
    }

    [Fact]
    public void A201FoundOnAnotherSlotFails()
    {
        var input = CleanRun();
        var first = input.Created.First();
        var found = new Dictionary<Guid, ObservedAppointment>(input.FoundById) { [first.Id] = new(first.Id, Guid.NewGuid(), "PENDING") };

        var results = CorrectnessChecks.Evaluate(input with { FoundById = found });

        Assert.False(Check(results, "every 201 findable by its id").Passed);
    }

    [Fact]
    public void A5xxFails()
    {
        var input = CleanRun();

        var results = CorrectnessChecks.Evaluate(input with { Samples = [.. input.Samples, Answer(503)] });

        var check = Check(results, "no 5xx");
        Assert.False(check.Passed);
        Assert.Contains("503", check.Detail);
    }

    [Fact]
    public void ARequestWithoutAnAnswerFails()
    {
        var input = CleanRun();

        var results = CorrectnessChecks.Evaluate(input with { Samples = [.. input.Samples, new Sample("book", 0, 1, 0, "time-out (30 s)")] });

        Assert.False(Check(results, "every request answered (no transport errors or time-outs)").Passed);
    }

    [Fact]
    public void A4xxIsNotAnError()
    {
        var input = CleanRun();

        var results = CorrectnessChecks.Evaluate(input with { Samples = [Answer(409), Answer(404), Answer(422)] });

        Assert.True(Check(results, "no 5xx").Passed);
    }

    [Fact]
    public void HotFailsWithTwoWinners()
    {
        var input = CleanRun() with { ExpectedCreated = 1 };

        var results = CorrectnessChecks.Evaluate(input);

        var check = Check(results, "exactly 1 booking(s) answered 201");
        Assert.False(check.Passed);
        Assert.Equal("2 answered 201", check.Detail);
    }

    [Fact]
    public void HotPassesWithOneWinner()
    {
        var input = CleanRun();
        var winner = input.Created.First();

        var results = CorrectnessChecks.Evaluate(input with { Created = [winner], ExpectedCreated = 1 });

        Assert.True(Check(results, "exactly 1 booking(s) answered 201").Passed);
    }

    [Fact]
    public void ASlotListedAvailableWhileHeldFails()
    {
        var input = CleanRun();

        var results = CorrectnessChecks.Evaluate(input with { Slots = [new ObservedSlot(_slotA, true), new ObservedSlot(_slotB, false)] });

        var check = Check(results, "slot listing agrees with the appointments");
        Assert.False(check.Passed);
        Assert.Contains(_slotA.ToString(), check.Detail);
    }

    [Fact]
    public void ASlotListedTakenWithNoActiveAppointmentFails()
    {
        var input = CleanRun();

        var results = CorrectnessChecks.Evaluate(input with { Slots = [.. input.Slots!, new ObservedSlot(Guid.NewGuid(), false)] });

        Assert.False(Check(results, "slot listing agrees with the appointments").Passed);
    }

    [Fact]
    public void AFreeListingThatMissesAnAvailableSlotFails()
    {
        var free = Guid.NewGuid();
        var input = CleanRun();
        input = input with { Slots = [.. input.Slots!, new ObservedSlot(free, true)] };

        Assert.True(Check(CorrectnessChecks.Evaluate(input with { ListedAvailable = [free] }), "the free-slot listing shows exactly the available slots").Passed);
        Assert.False(Check(CorrectnessChecks.Evaluate(input with { ListedAvailable = [] }), "the free-slot listing shows exactly the available slots").Passed);
    }

    [Fact]
    public void AnAppointmentInAnotherStatusThanItsRequestsAskedForFails()
    {
        var input = CleanRun();
        var first = input.Created.First().Id;
        var second = input.Created.Last().Id;

        var results = CorrectnessChecks.Evaluate(input with
        {
            ExpectedStatuses = new Dictionary<Guid, string> { [first] = "PENDING", [second] = "CONFIRMED" },
        });

        var check = Check(results, "every appointment ends in the status its requests asked for");
        Assert.False(check.Passed);
        Assert.Contains($"{second}: expected CONFIRMED, found PENDING", check.Detail);
    }

    [Fact]
    public void ARunStoppedByTheDurationLimitFails()
    {
        var results = CorrectnessChecks.Evaluate(CleanRun() with { StoppedByTimeLimit = true });

        Assert.False(Check(results, "finished within the duration limit").Passed);
    }
}
