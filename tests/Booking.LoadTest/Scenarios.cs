using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Booking.LoadTest;

/// <summary>The HTTP scenarios: set-up through the API, the measured phase, then the checks from outside.</summary>
public sealed class Scenarios(LoadOptions options, ApiClient api, string runId, Ui ui)
{
    private static readonly DateOnly _firstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);

    /// <summary>
    /// How long the spike waits after its load before reading anything back: a 504's outcome is known within a few
    /// seconds, and a booking that commits after its 503 (the hazard the spike looks for) shows by then.
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    public async Task<ScenarioReport> CeilingAsync(string name, int concurrency)
    {
        var count = options.RequestsFor(Scenario.Ceiling);
        await WarmupAsync(concurrency);
        var phase = await MeasureAsync($"{name}: GET /health/live", count, concurrency, (recorder, i, ct) =>
            LoadRunner.TimeAsync<object>(recorder, "live", ct, async () => (await api.StatusOfAsync(HttpMethod.Get, "/health/live", ct), null)));
        return Report(name, "GET /health/live: the HTTP ceiling (no grain call)", concurrency, count, phase, null,
            CorrectnessChecks.Evaluate(new CheckInput { Samples = phase.Samples, StoppedByTimeLimit = phase.StoppedByTimeLimit }));
    }

    public async Task<ScenarioReport> HotAsync()
    {
        var count = options.RequestsFor(Scenario.Hot);
        var concurrency = options.ConcurrencyFor(Scenario.Hot);
        var doctor = await api.CreateDoctorAsync(runId, "hot", CancellationToken.None);
        var slot = (await api.CreateSlotsAsync(doctor, _firstDay, 1, 30, new TimeOnly(9, 0), CancellationToken.None))[0];
        await WarmupAsync(concurrency);
        var created = new ConcurrentBag<CreatedAppointment>();
        var phase = await MeasureAsync($"hot: {count} bookings of one slot", count, concurrency, async (recorder, i, ct) =>
        {
            if (await LoadRunner.TimeAsync(recorder, "book", ct, () => api.BookAsync(slot.Id, i, ct)) is { } appointment)
            {
                created.Add(appointment);
            }
        });
        var checks = await CheckAsync(doctor, phase, created, [slot.Date], expectedCreated: 1, expectedStatuses: null, listedAvailableDate: null, concurrency);
        return Report("hot", "POST /api/appointments/book, every request on ONE slot", concurrency, count, phase, null, checks);
    }

    public async Task<ScenarioReport> SpreadAsync()
    {
        var count = options.RequestsFor(Scenario.Spread);
        var concurrency = options.ConcurrencyFor(Scenario.Spread);
        var doctor = await api.CreateDoctorAsync(runId, "spread", CancellationToken.None);
        var slots = await api.CreateSlotsAsync(doctor, _firstDay, count, 5, new TimeOnly(0, 0), CancellationToken.None);
        await BookingWarmupAsync("spread", concurrency);
        var created = new ConcurrentBag<CreatedAppointment>();
        var phase = await MeasureAsync($"spread: {count} bookings of distinct slots", count, concurrency, async (recorder, i, ct) =>
        {
            if (await LoadRunner.TimeAsync(recorder, "book", ct, () => api.BookAsync(slots[i].Id, i, ct)) is { } appointment)
            {
                created.Add(appointment);
            }
        });
        var dates = slots.Select(s => s.Date).Distinct().ToList();
        var checks = await CheckAsync(doctor, phase, created, dates, expectedCreated: count, expectedStatuses: null, listedAvailableDate: null, concurrency);
        return Report("spread", "POST /api/appointments/book, each request on its own slot", concurrency, count, phase, ("bookings/s", created.Count), checks);
    }

    public async Task<ScenarioReport> ReadAsync()
    {
        var count = options.RequestsFor(Scenario.Read);
        var concurrency = options.ConcurrencyFor(Scenario.Read);
        var doctor = await api.CreateDoctorAsync(runId, "read", CancellationToken.None);
        var day = await api.CreateSlotsAsync(doctor, _firstDay, 16, 30, new TimeOnly(9, 0), CancellationToken.None);

        // A realistic day: a quarter of it taken, so the listing has something to leave out.
        var created = new ConcurrentBag<CreatedAppointment>();
        for (var i = 0; i < day.Count; i += 4)
        {
            var (status, appointment) = await api.BookAsync(day[i].Id, i, CancellationToken.None);
            if (status != 201 || appointment is null)
            {
                throw new SetupException($"booking a slot of the read scenario's day answered {status}");
            }

            created.Add(appointment);
        }

        var path = $"/api/slots?doctor_id={doctor}&date={_firstDay:yyyy-MM-dd}";
        await WarmupAsync(concurrency, path);
        var phase = await MeasureAsync($"read: {count} x GET /api/slots of one doctor's day", count, concurrency, (recorder, i, ct) =>
            LoadRunner.TimeAsync<object>(recorder, "list", ct, async () => (await api.StatusOfAsync(HttpMethod.Get, path, ct), null)));
        var checks = await CheckAsync(doctor, phase, created, [_firstDay], expectedCreated: null, expectedStatuses: null, listedAvailableDate: _firstDay, concurrency);
        return Report("read", "GET /api/slots?doctor_id=&date= (free slots of one doctor's day)", concurrency, count, phase, null, checks);
    }

    public async Task<ScenarioReport> LifecycleAsync()
    {
        var count = options.RequestsFor(Scenario.Lifecycle);
        var concurrency = options.ConcurrencyFor(Scenario.Lifecycle);
        var doctor = await api.CreateDoctorAsync(runId, "lifecycle", CancellationToken.None);
        var slots = await api.CreateSlotsAsync(doctor, _firstDay, count, 5, new TimeOnly(0, 0), CancellationToken.None);
        await WarmupAsync(concurrency);
        var created = new ConcurrentBag<CreatedAppointment>();
        var expected = new ConcurrentDictionary<Guid, string>();
        var leftAlone = new ConcurrentBag<(int Index, CreatedAppointment Appointment)>();
        var phase = await MeasureAsync($"lifecycle: {count} bookings, then confirm / cancel / leave", count, concurrency, async (recorder, i, ct) =>
        {
            if (await LoadRunner.TimeAsync(recorder, "book", ct, () => api.BookAsync(slots[i].Id, i, ct)) is not { } appointment)
            {
                return;
            }

            created.Add(appointment);
            switch (LifecycleAction(i))
            {
                case "confirm":
                    var confirmed = await LoadRunner.TimeAsync(recorder, "confirm", ct, async () =>
                    {
                        var status = await api.StatusOfAsync(HttpMethod.Put, $"/api/appointments/{appointment.Id}/confirm", ct, appointment);
                        return (status, (int?)status);
                    });
                    if (confirmed == 200)
                    {
                        // Only a 200 says what the state must be; any other answer is judged by the status checks.
                        expected[appointment.Id] = "CONFIRMED";
                    }

                    break;
                case "cancel":
                    var cancelled = await LoadRunner.TimeAsync(recorder, "cancel", ct, async () =>
                    {
                        var status = await api.StatusOfAsync(HttpMethod.Put, $"/api/appointments/{appointment.Id}/cancel", ct, appointment);
                        return (status, (int?)status);
                    });
                    if (cancelled == 200)
                    {
                        expected[appointment.Id] = "CANCELLED";
                    }

                    break;
                default:
                    expected[appointment.Id] = "PENDING";
                    leftAlone.Add((i, appointment));
                    break;
            }
        });

        List<string> notes = [];
        if (options.ExpireWait > TimeSpan.Zero && !leftAlone.IsEmpty)
        {
            var last = leftAlone.MaxBy(l => l.Index).Appointment;
            var remaining = await api.HoldRemainingAsync(last, CancellationToken.None);
            var wait = remaining + TimeSpan.FromSeconds(3);
            if (wait <= options.ExpireWait)
            {
                ui.Note($"waiting {wait.TotalSeconds:0} s for the {leftAlone.Count} holds left alone to expire");
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                foreach (var (_, appointment) in leftAlone)
                {
                    expected[appointment.Id] = "EXPIRED";
                }

                notes.Add($"waited {wait.TotalSeconds:0} s after the load; the holds left alone must read EXPIRED and free their slots");
            }
            else
            {
                notes.Add($"the holds left alone expire in {remaining.TotalSeconds:0} s, beyond --expire-wait; checked as PENDING");
            }
        }
        else
        {
            notes.Add("holds left alone are checked as PENDING (pass --expire-wait with a short Booking__HoldDuration to check their expiry)");
        }

        var dates = slots.Select(s => s.Date).Distinct().ToList();
        var checks = await CheckAsync(doctor, phase, created, dates, expectedCreated: count, expectedStatuses: expected, listedAvailableDate: null, concurrency);
        return Report("lifecycle", "book each slot, then 40% confirm, 30% cancel, 30% left to expire", concurrency, count, phase, ("bookings/s", created.Count), checks)
            with { Notes = notes };
    }

    public async Task<ScenarioReport> SpikeAsync()
    {
        var count = options.RequestsFor(Scenario.Spike);
        var concurrency = options.ConcurrencyFor(Scenario.Spike);
        var slotCount = options.SpikeSlots;
        var doctor = await api.CreateDoctorAsync(runId, "spike", CancellationToken.None);
        var slots = await api.CreateSlotsAsync(doctor, _firstDay, slotCount, 5, new TimeOnly(0, 0), CancellationToken.None);
        await BookingWarmupAsync("spike", concurrency);
        var hold = await HoldDurationAsync("spike");

        var answers = new ConcurrentBag<BookingAnswer>();
        var sinceStart = Stopwatch.StartNew();
        var phase = await MeasureAsync($"spike: {count} booking attempts on {slotCount} slots", count, concurrency, async (recorder, i, ct) =>
        {
            var answer = await LoadRunner.TimeAsync(recorder, "book", ct, async () =>
            {
                var a = await api.BookWithAnswerAsync(slots[i % slotCount].Id, i, ct);
                return (a.Status, a);
            });
            if (answer is not null)
            {
                answers.Add(answer);
            }
        });

        List<string> notes =
        [
            $"answers: {SpikeChecks.CountsByKind(answers)}; the errors column counts the 503s and 504s, which are allowed answers here",
            hold is { } h
                ? $"holds last {h.TotalSeconds:0} s (a booking made just before the load, read back); the appointments the checks count are still PENDING only if the load and the listing end within that"
                : "the hold duration could not be measured (the probe booking was refused), so the count of active appointments is not judged",
        ];
        ui.Note($"waiting {SettleTime.TotalSeconds:0} s for the outcomes to settle before reading back");
        await Task.Delay(SettleTime);
        notes.Add($"waited {SettleTime.TotalSeconds:0} s after the load, then read back the 504s, listed the doctor's active appointments, and read back the 201s");

        SpikeCheckInput input;
        try
        {
            var unknown = answers.Where(a => a.IsOutcomeUnknown && a.Appointment is not null).Select(a => a.Appointment!).ToList();
            var outcomes = await ReadBackAsync("checks: reading back the 504 outcome-unknown appointments", unknown, concurrency);
            using var limit = new CancellationTokenSource(options.DurationLimit);
            var active = await api.ListActiveAppointmentsAsync(doctor, limit.Token);
            var listedAfter = sinceStart.Elapsed;
            var created = answers.Where(a => a.Status == 201 && a.Appointment is not null).Select(a => a.Appointment!).ToList();
            var reads = await ReadBackAsync("checks: reading back the 201s", created, concurrency);
            var odd = reads.Values.Where(r => r.Status is not (200 or 404)).ToList();
            if (odd.Count > 0)
            {
                notes.Add($"{odd.Count} read-back(s) of a 201 answered neither 200 nor 404 (counted as not found), e.g. "
                    + string.Join("; ", odd.Take(3).Select(r => $"{r.Status.ToString(CultureInfo.InvariantCulture)} {r.Detail}")));
            }

            input = new SpikeCheckInput
            {
                Samples = phase.Samples,
                Answers = answers,
                FoundById = Found(reads),
                OutcomeReads = outcomes,
                ListedActive = active,
                HoldDuration = hold,
                ListedAfter = listedAfter,
                StoppedByTimeLimit = phase.StoppedByTimeLimit,
            };
        }
        catch (Exception e) when (e is CheckReadException or HttpRequestException or OperationCanceledException)
        {
            return Report("spike", SpikeDescription(slotCount), concurrency, count, phase, ("bookings/s", answers.Count(a => a.Status == 201)),
                [new CheckResult("read back for the checks", false, e.Message)]) with { Notes = notes };
        }

        var committed = SpikeChecks.CommittedOutcomeUnknown(input).Count;
        if (input.OutcomeUnknown.Count > 0)
        {
            notes.Add($"504 outcome-unknown: {input.OutcomeUnknown.Count}, of which {committed} committed (read back 200) and {input.OutcomeReads.Values.Count(r => r.Status == 404)} not (404)");
        }

        return Report("spike", SpikeDescription(slotCount), concurrency, count, phase, ("bookings/s", input.Created.Count), SpikeChecks.Evaluate(input))
            with { Notes = notes };
    }

    private static string SpikeDescription(int slots) =>
        $"POST /api/appointments/book, attempt i on slot i % {slots}, no retries: 201, 409, 503 + Retry-After or 504 outcome-unknown";

    /// <summary>The mix of the lifecycle scenario: 4 in 10 confirmed, 3 cancelled, 3 left alone.</summary>
    public static string LifecycleAction(int index) => (index % 10) switch
    {
        < 4 => "confirm",
        < 7 => "cancel",
        _ => "leave",
    };

    /// <summary>
    /// Unmeasured bookings of distinct slots of a doctor of their own, so that the measured phase starts with the
    /// booking path warm (JIT, connection pools, reminder service), as the commit ceiling's warm-up does for its
    /// transaction; GET /health/live alone leaves every first booking to pay for it.
    /// </summary>
    private async Task BookingWarmupAsync(string scenario, int concurrency)
    {
        var count = options.WarmupRequests;
        if (count == 0)
        {
            return;
        }

        var doctor = await api.CreateDoctorAsync(runId, $"{scenario}-warmup", CancellationToken.None);
        var slots = await api.CreateSlotsAsync(doctor, _firstDay, count, 5, new TimeOnly(0, 0), CancellationToken.None);
        await UnmeasuredAsync($"warm-up: {count} bookings of distinct slots (doctor {doctor}, not measured)", count, concurrency,
            (i, ct) => api.BookAsync(slots[i].Id, i, ct));
    }

    /// <summary>
    /// How long a hold lasts on the system under test: one booking of a slot of a doctor of its own, read back at
    /// once (expires_at - now, a little under the hold, which errs on the safe side); null when three tries are refused.
    /// </summary>
    private async Task<TimeSpan?> HoldDurationAsync(string scenario)
    {
        var doctor = await api.CreateDoctorAsync(runId, $"{scenario}-hold", CancellationToken.None);
        var slots = await api.CreateSlotsAsync(doctor, _firstDay, 3, 5, new TimeOnly(0, 0), CancellationToken.None);
        for (var i = 0; i < slots.Count; i++)
        {
            if (await api.BookAsync(slots[i].Id, i, CancellationToken.None) is (201, { } appointment))
            {
                return await api.HoldRemainingAsync(appointment, CancellationToken.None);
            }
        }

        return null;
    }

    /// <summary>
    /// Reads each appointment back by its id with its token (at most 32 at once, within the duration limit): its status
    /// and, on 200, what it is; no answer reads as status 0. One not read in time is missing from the result.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, AppointmentRead>> ReadBackAsync(string title, IReadOnlyList<CreatedAppointment> appointments, int concurrency)
    {
        var reads = new ConcurrentDictionary<Guid, AppointmentRead>();
        await ui.ProgressAsync($"{title} ({appointments.Count})", appointments.Count, tick =>
            LoadRunner.RunAsync(appointments.Count, Math.Min(concurrency, 32), options.DurationLimit, new Recorder(), async (i, ct) =>
            {
                var appointment = appointments[i];
                try
                {
                    reads[appointment.Id] = await api.ReadAppointmentAsync(appointment, ct);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    reads[appointment.Id] = new AppointmentRead(0, null, e.GetType().Name);
                }
            }, tick));
        return reads;
    }

    /// <summary>The appointments that read back 200, by id.</summary>
    private static Dictionary<Guid, ObservedAppointment> Found(IReadOnlyDictionary<Guid, AppointmentRead> reads) =>
        reads.Values.Where(r => r.Appointment is not null).ToDictionary(r => r.Appointment!.Id, r => r.Appointment!);

    private Task WarmupAsync(int concurrency, string path = "/health/live") =>
        UnmeasuredAsync($"warm-up: {options.WarmupRequests} x GET {path}", options.WarmupRequests, concurrency,
            (_, ct) => api.StatusOfAsync(HttpMethod.Get, path, ct));

    /// <summary>Runs <paramref name="count"/> requests whose answers are not measured (nothing when the count is 0).</summary>
    private async Task UnmeasuredAsync(string title, int count, int concurrency, Func<int, CancellationToken, Task> request)
    {
        if (count == 0)
        {
            return;
        }

        await ui.ProgressAsync(title, count, async tick =>
            await LoadRunner.RunAsync(count, concurrency, options.DurationLimit, new Recorder(), async (i, ct) =>
            {
                try
                {
                    await request(i, ct);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    // Warm-up answers are not measured.
                }
            }, tick));
    }

    private Task<PhaseResult> MeasureAsync(string title, int count, int concurrency, Func<Recorder, int, CancellationToken, Task> operation) =>
        ui.ProgressAsync(title, count, async tick =>
        {
            var recorder = new Recorder();
            return await LoadRunner.RunAsync(count, concurrency, options.DurationLimit, recorder, (i, ct) => operation(recorder, i, ct), tick);
        });

    /// <summary>Reads everything back through the API and judges it.</summary>
    private async Task<IReadOnlyList<CheckResult>> CheckAsync(
        Guid doctor,
        PhaseResult phase,
        IReadOnlyCollection<CreatedAppointment> created,
        IReadOnlyList<DateOnly> dates,
        int? expectedCreated,
        IReadOnlyDictionary<Guid, string>? expectedStatuses,
        DateOnly? listedAvailableDate,
        int concurrency)
    {
        using var limit = new CancellationTokenSource(options.DurationLimit);
        try
        {
            var reads = await ReadBackAsync("checks: reading back the appointments", created.ToList(), concurrency);
            if (reads.FirstOrDefault(r => r.Value.Status is not (200 or 404)) is { Value: { } odd } oddRead)
            {
                throw new CheckReadException($"GET /api/appointments/{oddRead.Key} answered {(odd.Status == 0 ? "nothing" : odd.Status)}: {odd.Detail}");
            }

            var found = Found(reads);

            var active = await api.ListActiveAppointmentsAsync(doctor, limit.Token);
            List<ObservedSlot> slots = [];
            foreach (var date in dates)
            {
                slots.AddRange(await api.ListSlotsAsync(doctor, date, all: true, limit.Token));
            }

            var available = listedAvailableDate is { } day
                ? (await api.ListSlotsAsync(doctor, day, all: false, limit.Token)).Select(s => s.Id).ToList()
                : null;
            return CorrectnessChecks.Evaluate(new CheckInput
            {
                Samples = phase.Samples,
                Created = created,
                FoundById = found,
                ListedActive = active,
                Slots = slots,
                ListedAvailable = available,
                ExpectedCreated = expectedCreated,
                ExpectedStatuses = expectedStatuses,
                StoppedByTimeLimit = phase.StoppedByTimeLimit,
            });
        }
        catch (Exception e) when (e is CheckReadException or HttpRequestException or OperationCanceledException)
        {
            return [new CheckResult("read back for the checks", false, e.Message)];
        }
    }

    private static ScenarioReport Report(
        string name, string description, int concurrency, int planned, PhaseResult phase, (string Label, int Count)? successes, IReadOnlyList<CheckResult> checks)
    {
        var statistics = RunStatistics.From(phase.Samples, phase.Elapsed);
        return new ScenarioReport
        {
            Scenario = name,
            Description = description,
            Concurrency = concurrency,
            RequestsPlanned = planned,
            Statistics = statistics,
            SuccessLabel = successes?.Label,
            SuccessesPerSecond = successes is { } s && phase.Elapsed > TimeSpan.Zero ? s.Count / phase.Elapsed.TotalSeconds : null,
            Checks = checks,
            Samples = phase.Samples,
        };
    }
}
