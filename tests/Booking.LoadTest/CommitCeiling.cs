using Booking.Grains;
using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Booking.LoadTest;

/// <summary>
/// The commit ceiling: the grains' own booking transaction (<see cref="SlotStore.BookAsync"/>: the same SQL, SERIALIZABLE,
/// retried the same way) run straight through Npgsql on slots this run inserts itself. No Orleans, no HTTP.
/// </summary>
public sealed class CommitCeiling(LoadOptions options, string runId, Ui ui)
{
    private const int SlotsPerDay = 288;

    public async Task<ScenarioReport> RunAsync()
    {
        var count = options.RequestsFor(Scenario.Commit);
        var concurrency = options.ConcurrencyFor(Scenario.Commit);
        var warmup = options.WarmupRequests;
        await using var dataSource = ServiceCollectionExtensions.CreateDataSource(options.Database!);
        var doctor = Guid.NewGuid();
        var firstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var slots = await InsertDoctorAndSlotsAsync(dataSource, doctor, firstDay, count + warmup);
        var store = new SlotStore(new BookingDatabase(dataSource, Options.Create(new BookingOptions()), TimeProvider.System, NullLogger<BookingDatabase>.Instance));

        if (warmup > 0)
        {
            var unmeasured = new Recorder();
            await ui.ProgressAsync($"warm-up: {warmup} bookings through SlotStore.BookAsync", warmup, tick =>
                LoadRunner.RunAsync(warmup, concurrency, options.DurationLimit, unmeasured, (i, _) => BookAsync(store, unmeasured, slots[count + i], i), tick));
        }

        var phase = await ui.ProgressAsync($"commit: {count} bookings through SlotStore.BookAsync", count, async tick =>
        {
            var recorder = new Recorder();
            return await LoadRunner.RunAsync(count, concurrency, options.DurationLimit, recorder, (i, _) => BookAsync(store, recorder, slots[i], i), tick);
        });

        // Read back with SQL: the API would not know about slots it has not loaded, and this measures the database alone.
        var measured = slots.Take(count).ToHashSet();
        var appointments = await ReadAppointmentsAsync(dataSource, doctor);
        var created = appointments.Where(a => measured.Contains(a.SlotId)).Select(a => new CreatedAppointment(a.Id, a.SlotId)).ToList();
        var slotStates = (await ReadSlotsAsync(dataSource, doctor)).Where(s => measured.Contains(s.Id)).ToList();
        var checks = CorrectnessChecks.Evaluate(new CheckInput
        {
            Samples = phase.Samples,
            Created = created,
            FoundById = appointments.ToDictionary(a => a.Id),
            ListedActive = appointments.Where(a => a.IsActive).ToList(),
            Slots = slotStates,
            ExpectedCreated = count,
            StoppedByTimeLimit = phase.StoppedByTimeLimit,
        });
        var statistics = RunStatistics.From(phase.Samples, phase.Elapsed);
        return new ScenarioReport
        {
            Scenario = "commit",
            Description = "SlotStore.BookAsync straight through Npgsql (same SQL, SERIALIZABLE): the commit ceiling",
            Concurrency = concurrency,
            RequestsPlanned = count,
            Statistics = statistics,
            SuccessLabel = "bookings/s",
            SuccessesPerSecond = RunStatistics.Rate(phase.Samples, s => s.Status == 201, phase.Elapsed),
            Checks = checks,
            Samples = phase.Samples,
            Notes = [$"doctor {doctor} and its {slots.Count} slots were inserted directly; its holds have no expiry reminders (they read EXPIRED after expires_at)"],
        };
    }

    private static async Task BookAsync(SlotStore store, Recorder recorder, Guid slotId, int i)
    {
        var start = recorder.Now();
        try
        {
            var patient = new PatientDetails($"Load Patient {i}", $"patient{i}@loadtest.example", "+1 555 0101", "load test");
            var attempt = await store.BookAsync(slotId, new HoldRequest(Guid.CreateVersion7(), patient, DateTimeOffset.MaxValue), TimeSpan.FromMinutes(2));
            recorder.Record("commit", start, attempt.Outcome switch
            {
                BookingOutcome.Booked => 201,
                BookingOutcome.SlotTaken => 409,
                BookingOutcome.SlotNotFound => 404,
                _ => 422,
            });
        }
        catch (StorageUnavailableException e)
        {
            recorder.Record("commit", start, 503, e.GetType().Name);
        }
        catch (Exception e) when (e is InvalidOperationException or NpgsqlException or TimeoutException)
        {
            recorder.Record("commit", start, 500, e.GetType().Name);
        }
    }

    /// <summary>A doctor with a unique email and <paramref name="count"/> 5-minute slots, day after day from <paramref name="firstDay"/>.</summary>
    private async Task<IReadOnlyList<Guid>> InsertDoctorAndSlotsAsync(NpgsqlDataSource dataSource, Guid doctor, DateOnly firstDay, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var dates = Enumerable.Range(0, count).Select(k => firstDay.AddDays(k / SlotsPerDay)).ToArray();
        var times = Enumerable.Range(0, count).Select(k => TimeOnly.MinValue.AddMinutes(5 * (k % SlotsPerDay))).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insertDoctor = new NpgsqlCommand("""
            INSERT INTO doctors (id, name, specialization, email, phone, time_zone)
            VALUES (@id, 'Dr Load Test commit', 'Load testing', @email, '+1 555 0100', 'UTC')
            """, connection, transaction))
        {
            insertDoctor.Parameters.AddWithValue("id", doctor);
            insertDoctor.Parameters.AddWithValue("email", $"loadtest-{runId}-commit@loadtest.example");
            await insertDoctor.ExecuteNonQueryAsync();
        }

        await using (var insertSlots = new NpgsqlCommand("""
            INSERT INTO slots (id, doctor_id, date, time, duration_minutes, starts_at, ends_at)
            SELECT id, @doctor, date, time, 5, (date + time) AT TIME ZONE 'UTC', (date + time) AT TIME ZONE 'UTC' + interval '5 minutes'
            FROM unnest(@ids, @dates, @times) AS t(id, date, time)
            """, connection, transaction))
        {
            insertSlots.Parameters.AddWithValue("doctor", doctor);
            insertSlots.Parameters.AddWithValue("ids", ids);
            insertSlots.Parameters.AddWithValue("dates", dates);
            insertSlots.Parameters.AddWithValue("times", times);
            await insertSlots.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        ui.Note($"commit: inserted doctor {doctor} and {count} slots from {firstDay:yyyy-MM-dd} into the database");
        return ids;
    }

    private static async Task<List<ObservedAppointment>> ReadAppointmentsAsync(NpgsqlDataSource dataSource, Guid doctor)
    {
        await using var command = dataSource.CreateCommand("SELECT id, slot_id, status FROM appointments WHERE doctor_id = @doctor");
        command.Parameters.AddWithValue("doctor", doctor);
        await using var reader = await command.ExecuteReaderAsync();
        List<ObservedAppointment> rows = [];
        while (await reader.ReadAsync())
        {
            rows.Add(new ObservedAppointment(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2)));
        }

        return rows;
    }

    private static async Task<List<ObservedSlot>> ReadSlotsAsync(NpgsqlDataSource dataSource, Guid doctor)
    {
        await using var command = dataSource.CreateCommand("SELECT id, is_available FROM slots WHERE doctor_id = @doctor");
        command.Parameters.AddWithValue("doctor", doctor);
        await using var reader = await command.ExecuteReaderAsync();
        List<ObservedSlot> rows = [];
        while (await reader.ReadAsync())
        {
            rows.Add(new ObservedSlot(reader.GetGuid(0), reader.GetBoolean(1)));
        }

        return rows;
    }
}
