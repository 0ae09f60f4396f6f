using Booking.Integration.Tests.Infrastructure;
using Npgsql;
using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Booking.Integration.Tests.EndToEnd;

/// <summary>
/// Faults under booking load, with real silo processes, the real Api process and real PostgreSQL: silos SIGKILLed,
/// two clusters on one database, PostgreSQL stopped and started, every silo restarted in turn. Afterwards the
/// database must agree with every answer the clients were given. Figures go to the test output (Silo/README.md quotes them).
/// </summary>
[Trait("Category", "Fault")]
[Trait(Tier.Name, Tier.Process)]
[Collection(ProcessCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    private const int HoldSeconds = 5;

    /// <summary>How often each silo's expiry sweep runs, and how long past its time it leaves a hold to the hold's reminder.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan SweepGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long the cluster may take, after the last fault, until every silo runs again.</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string> ShortHolds = new()
    {
        ["Booking__HoldDuration"] = TimeSpan.FromSeconds(HoldSeconds).ToString(),
        ["Booking__ExpirySweepInterval"] = SweepInterval.ToString(),
        ["Booking__ExpirySweepGrace"] = SweepGrace.ToString(),
    };

    [Fact]
    public async Task SilosKilledUnderLoadLoseAndDoubleNothingAndHoldsStillExpire()
    {
        const int Kills = 6;
        await using var database = await TestDatabase.CreateAsync();
        await using var system = await SystemProcesses.StartAsync(database.ConnectionString, ShortHolds, silos: 3);
        var slots = await BookingLoad.CreateSlotsAsync(system.Http, 300);
        var load = new BookingLoad([system.Http], slots, retryTransportErrors: true);

        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(workers: 4, stop.Token);
        var clock = Stopwatch.StartNew();
        var selfStopped = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            await ProgressAsync(load, 10, kill == 0 ? "before the first kill" : $"after kill {kill}");
            var index = kill % 3;

            // Alternately the same ports (the new incarnation pushes the old one out) and fresh ports (the others
            // must detect the death by probing, and the Api must find the new gateway in the membership table).
            var silo = kill % 2 == 0 ? await system.RestartSiloAsync(index) : await system.ReplaceSiloAsync(index);
            Assert.False(silo.HasExited, silo.Output);
            selfStopped += await RestartStoppedSilosAsync(system);
        }

        await ProgressAsync(load, 20, "after the last kill");
        selfStopped += await RestartStoppedSilosAsync(system);
        await stop.CancelAsync();
        await running.WaitAsync(BookingLoad.RequestBudget + TimeSpan.FromSeconds(30));
        output.WriteLine($"Crash under load: {Kills} SIGKILLs of 3 silos in {clock.Elapsed.TotalSeconds:F0} s " +
            $"(also {selfStopped} silo(s) voted dead by the others and restarted, {system.RefusedJoins} join(s) refused and retried); {load.Summary()}");

        await AssertLedgerAsync(database.DataSource, load, "crash under load");
        await AssertEveryHoldExpiresAsync(database.DataSource, load);
    }

    [Fact]
    public async Task TwoClustersOnOneDatabaseBookEachSlotOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = await SystemProcesses.StartAsync(database.ConnectionString);
        await using var second = await SystemProcesses.StartAsync(database.ConnectionString);
        Assert.NotEqual(first.ClusterId, second.ClusterId);
        var slots = await BookingLoad.CreateSlotsAsync(first.Http, 40);

        // Each cluster activates its own grain for every slot: two "single" activations, each sure the slot is free.
        var load = new BookingLoad([first.Http, second.Http], slots, retryTransportErrors: false);
        // Until every slot is booked and the two clusters have been answered 200 times between them (each slot fought over
        // several times), at most a minute.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = load.RunAsync(workers: 4, stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(load.Booked.Count() >= slots.Length && load.Results.Count >= 200), TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await running.WaitAsync(BookingLoad.RequestBudget + TimeSpan.FromSeconds(30));
        output.WriteLine($"Duplicate activation (2 clusters, {slots.Length} slots): {load.Summary()}");

        await AssertLedgerAsync(database.DataSource, load, "two clusters");
        foreach (var slot in slots)
        {
            Assert.Equal(1, await database.ActiveAppointmentsAsync(slot));
        }

        Assert.Equal(slots.Length, load.Booked.Count());
    }

    [Fact]
    public async Task PostgresStoppedUnderLoadGives503WithRetryAfterAndLosesNothing()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var system = await SystemProcesses.StartAsync(postgres.ConnectionString, ShortHolds);
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        var slots = await BookingLoad.CreateSlotsAsync(system.Http, 200);
        var load = new BookingLoad([system.Http], slots, retryTransportErrors: false);

        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(workers: 4, stop.Token);
        await ProgressAsync(load, 20, "before PostgreSQL stopped");
        await postgres.StopAsync();
        var down = DateTimeOffset.UtcNow;

        // Down until the clients have been told so a few times (each 503 they wait out as its Retry-After says).
        await Eventually.AssertAsync(() => Task.FromResult(load.UnavailableAnswers.Count(t => t > down) >= 5), TimeSpan.FromSeconds(30),
            "Fewer than 5 answers of 503 with Retry-After while PostgreSQL was down");
        var up = DateTimeOffset.UtcNow;
        await postgres.StartAgainAsync();
        await ProgressAsync(load, 20, "after PostgreSQL started again");
        await stop.CancelAsync();
        await running.WaitAsync(BookingLoad.RequestBudget + TimeSpan.FromSeconds(30));

        var answeredWhileDown = load.UnavailableAnswers.Count(t => t > down && t < up);
        output.WriteLine($"Database restart: PostgreSQL down {(up - down).TotalSeconds:F0} s, 503 + Retry-After answered while down: {answeredWhileDown}; {load.Summary()}");
        Assert.True(answeredWhileDown > 0, "No request was answered 503 with Retry-After while PostgreSQL was down.");
        await AssertLedgerAsync(dataSource, load, "database restart");
    }

    [Fact]
    public async Task EverySiloRestartedInTurnUnderLoadFailsNoRequest()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var system = await SystemProcesses.StartAsync(database.ConnectionString, ShortHolds, silos: 3);
        var slots = await BookingLoad.CreateSlotsAsync(system.Http, 300);

        // Retries only where the API says so (503 with Retry-After, key in use): a timeout or a dropped connection fails.
        var load = new BookingLoad([system.Http], slots, retryTransportErrors: false);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(workers: 6, stop.Token);
        for (var index = 0; index < 3; index++)
        {
            await ProgressAsync(load, 10, index == 0 ? "before the first restart" : $"after restarting silo {index - 1}");
            var old = system.Silos[index];
            var silo = await system.RestartSiloAsync(index, graceful: true);
            Assert.True(old.ExitCode == 0, $"Silo {index} exited with {old.ExitCode} after SIGTERM:\n{old.Output}");
            Assert.False(silo.HasExited, silo.Output);
        }

        await ProgressAsync(load, 20, "after the last restart");
        await stop.CancelAsync();
        await running.WaitAsync(BookingLoad.RequestBudget + TimeSpan.FromSeconds(30));
        output.WriteLine($"Rolling restart (SIGTERM, 3 silos): {load.Summary()}");

        // What a rolling restart promises: no request fails; a request may be answered 503, but only with Retry-After, and
        // a 504 (outcome unknown) is retried with its key to a final answer; both counts are in the summary above.
        Assert.Equal(0, load.UnavailableWithoutRetryAfter);
        await AssertLedgerAsync(database.DataSource, load, "rolling restart");
    }

    [Fact]
    public async Task RunShRestartsASiloKilledUnderLoadOnItsPortsWhileTheApiKeepsServing()
    {
        const int Victim = 1;
        const int Active = 3;
        await using var database = await TestDatabase.CreateAsync();
        await using var run = await RunScript.StartAsync(database.ConnectionString, silos: 3, ShortHolds);
        var slots = await BookingLoad.CreateSlotsAsync(run.Http, 50);
        var load = new BookingLoad([run.Http], slots, retryTransportErrors: true);
        var port = run.SiloPortBase + Victim;
        var killedGeneration = await database.ScalarAsync(
            "SELECT generation FROM orleans_membership WHERE port = @port AND status = @active", ("port", port), ("active", Active));

        using var stop = new CancellationTokenSource();
        var liveness = PollLivenessAsync(run.Http, stop.Token);
        var running = load.RunAsync(workers: 4, stop.Token);
        await ProgressAsync(load, 10, "before the kill");
        using (var victim = Process.GetProcessById(run.SiloPids[Victim]))
        {
            victim.Kill();
        }

        await run.Process.WaitForOutputAsync($"silo {Victim} (pid {run.SiloPids[Victim]}) exited with code 137; restarted", TimeSpan.FromSeconds(30));
        const string Incarnations = "SELECT count(*) FROM orleans_membership WHERE port = @port AND generation > @killed AND status = @active";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await database.ScalarAsync(Incarnations, ("port", port), ("killed", killedGeneration), ("active", Active)) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(await database.ScalarAsync(Incarnations, ("port", port), ("killed", killedGeneration), ("active", Active)) == 1,
            $"No new Active incarnation of silo {Victim} on port {port} within 60 s.\n{run.Process.Output}\n{run.SiloLog(Victim)}");

        // Some load through the restarted silo too, then the verdict.
        await ProgressAsync(load, 20, "after the restart");
        await stop.CancelAsync();
        await running.WaitAsync(BookingLoad.RequestBudget + TimeSpan.FromSeconds(30));
        var (polls, unanswered) = await liveness;
        output.WriteLine($"run.sh, 3 silos, silo {Victim} SIGKILLed and restarted: /health/live polled {polls} times, unanswered {unanswered.Count}; {load.Summary()}");

        Assert.True(unanswered.Count == 0, $"The Api stopped answering:\n{string.Join('\n', unanswered.Take(10))}\n{run.Process.Output}");
        Assert.Equal(0, await database.ScalarAsync(
            "SELECT count(*) FROM orleans_membership WHERE port = @port AND generation = @killed AND status = @active", ("port", port), ("killed", killedGeneration), ("active", Active)));
        await AssertLedgerAsync(database.DataSource, load, "run.sh restarts a killed silo");

        // Ctrl-C's path (SIGTERM): everything stops, the silos leave the membership table gracefully.
        Assert.Equal(0, await run.Process.TerminateAsync(TimeSpan.FromSeconds(90)));
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM orleans_membership WHERE status = @active", ("active", Active)));
        await Assert.ThrowsAsync<HttpRequestException>(() => run.Http.GetAsync("/health/live"));
    }

    /// <summary>
    /// Waits (bounded) until the load has had <paramref name="answers"/> more final answers (201 or slot taken) than now: the
    /// system is serving, so the next fault hits a working system and the one before it has been recovered from.
    /// </summary>
    private static Task ProgressAsync(BookingLoad load, int answers, string when)
    {
        var since = load.Results.Count;
        return Eventually.AssertAsync(() => Task.FromResult(load.Results.Count >= since + answers), TimeSpan.FromSeconds(90),
            $"The load got fewer than {answers} answers {when}");
    }

    /// <summary>Asks the Api's /health/live every 200 ms until <paramref name="stop"/>; returns how often, and each time it did not answer 200.</summary>
    private static async Task<(int Polls, List<string> Unanswered)> PollLivenessAsync(HttpClient api, CancellationToken stop)
    {
        var polls = 0;
        var unanswered = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            polls++;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var live = await api.GetAsync("/health/live", timeout.Token);
                if (live.StatusCode != HttpStatusCode.OK)
                {
                    unanswered.Add($"{DateTimeOffset.UtcNow:O}: {(int)live.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                unanswered.Add($"{DateTimeOffset.UtcNow:O}: {e.GetType().Name}: {e.Message}");
            }

            await Task.Delay(200, CancellationToken.None);
        }

        return (polls, unanswered);
    }

    /// <summary>
    /// Starts again any silo that stopped by itself: under heavy load the others can vote a slow silo dead, and a silo
    /// declared dead stops (Orleans' rule). Returns how many there were.
    /// </summary>
    private static async Task<int> RestartStoppedSilosAsync(SystemProcesses system)
    {
        var stopped = 0;
        for (var index = 0; index < system.Silos.Count; index++)
        {
            if (system.Silos[index].HasExited)
            {
                stopped++;
                await system.RestartSiloAsync(index);
            }
        }

        return stopped;
    }

    /// <summary>
    /// The database agrees with the clients: no request failed, no slot has two active appointments, every 201 is
    /// stored for its slot and key, no two keys got one appointment, and no appointment exists that no 201 announced.
    /// </summary>
    private async Task AssertLedgerAsync(NpgsqlDataSource db, BookingLoad load, string scenario)
    {
        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} request(s) failed:\n{string.Join('\n', load.Failures.Take(20))}");

        var doubles = await ScalarAsync(db, """
            SELECT count(*) FROM (
                SELECT slot_id FROM appointments WHERE status IN ('PENDING', 'CONFIRMED') GROUP BY slot_id HAVING count(*) > 1) d
            """);
        var appointments = await RowsAsync(db, "SELECT id, slot_id FROM appointments", r => (Id: r.GetGuid(0), Slot: r.GetGuid(1)));
        var stored = appointments.ToDictionary(a => a.Id, a => a.Slot);
        var records = (await RowsAsync(db, "SELECT idempotency_key, appointment_id FROM idempotency_records WHERE appointment_id IS NOT NULL",
            r => (Key: r.GetString(0), Id: r.GetGuid(1)))).ToDictionary(r => r.Key, r => r.Id);
        var booked = load.Booked.ToList();

        var missing = booked.Where(b => !stored.TryGetValue(b.AppointmentId!.Value, out var slot) || slot != b.SlotId).ToList();
        var wrongKey = booked.Where(b => !records.TryGetValue(b.Key, out var id) || id != b.AppointmentId).ToList();
        var sharedIds = booked.Count - booked.Select(b => b.AppointmentId).Distinct().Count();
        var unannounced = stored.Keys.Except(booked.Select(b => b.AppointmentId!.Value)).Count();
        output.WriteLine($"Checked ({scenario}): {booked.Count} bookings answered 201, {stored.Count} appointments stored; " +
            $"doubles {doubles}, 201s missing {missing.Count}, keys not mapped to their appointment {wrongKey.Count}, " +
            $"appointments shared by keys {sharedIds}, stored but never answered 201 {unannounced}");

        Assert.True(booked.Count > 0, "Nothing was booked; the test proves nothing.");
        Assert.Equal(0, doubles);
        Assert.Empty(missing);
        Assert.Empty(wrongKey);
        Assert.Equal(0, sharedIds);
        Assert.Equal(0, unannounced);
    }

    /// <summary>
    /// Every hold made under load (none was confirmed) expires by itself, nobody booking its slot again: by its reminder, or,
    /// where a crash lost the reminder (the silo died between the commit and registering it), by a silo's expiry sweep. So
    /// every appointment is EXPIRED and every slot free again by the last hold's expires_at + the sweep's grace + its
    /// interval + the time the cluster takes to recover.
    /// </summary>
    private async Task AssertEveryHoldExpiresAsync(NpgsqlDataSource db, BookingLoad load)
    {
        await using (var last = db.CreateCommand("SELECT max(expires_at) FROM appointments"))
        {
            var lastExpiry = (DateTime)(await last.ExecuteScalarAsync())!;
            var bound = new DateTimeOffset(lastExpiry, TimeSpan.Zero) + SweepGrace + SweepInterval + Recovery;
            await Eventually.HoldsAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM appointments WHERE status = 'PENDING'") == 0,
                bound - DateTimeOffset.UtcNow > TimeSpan.Zero ? bound - DateTimeOffset.UtcNow : TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        }

        var pending = await RowsAsync(db, "SELECT id, expires_at FROM appointments WHERE status = 'PENDING'", r => $"{r.GetGuid(0)} (expires_at {r.GetDateTime(1):O})");
        var notExpired = await ScalarAsync(db, "SELECT count(*) FROM appointments WHERE status <> 'EXPIRED'");
        var taken = await ScalarAsync(db, "SELECT count(*) FROM slots WHERE NOT is_available");
        output.WriteLine($"Holds: {load.Booked.Count()} made under load; not expired in time {notExpired}, slots still taken {taken}");
        Assert.True(pending.Count == 0, $"{pending.Count} hold(s) still PENDING past expires_at + sweep grace + interval + recovery:\n{string.Join('\n', pending.Take(20))}");
        Assert.Equal(0, notExpired);
        Assert.Equal(0, taken);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<T>> RowsAsync<T>(NpgsqlDataSource db, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
