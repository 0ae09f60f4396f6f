using System.Collections.Concurrent;

namespace Booking.LoadTest;

/// <summary>The HTTP scenarios: set-up through the API, the measured phase, then the checks from outside.</summary>
public sealed class Scenarios(LoadOptions options, ApiClient api, string runId, Ui ui)
{
    private static readonly DateOnly _firstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);

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
            var found = new ConcurrentDictionary<Guid, ObservedAppointment>();
            await ui.ProgressAsync($"checks: reading back {created.Count} appointment(s)", created.Count, async tick =>
            {
                var recorder = new Recorder();
                var list = created.ToList();
                return await LoadRunner.RunAsync(list.Count, Math.Min(concurrency, 32), options.DurationLimit, recorder, async (i, ct) =>
                {
                    if (await api.GetAppointmentAsync(list[i], ct) is { } appointment)
                    {
                        found[appointment.Id] = appointment;
                    }
                }, tick);
            });

            var active = (await api.ListAppointmentsAsync(doctor, "PENDING", limit.Token))
                .Concat(await api.ListAppointmentsAsync(doctor, "CONFIRMED", limit.Token))
                .ToList();
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
