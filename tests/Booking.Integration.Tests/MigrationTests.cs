using Booking.Grains;
using Booking.Integration.Tests.Infrastructure;
using Booking.Silo;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Booking.Integration.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task SilosMigratingAnEmptyDatabaseTogetherApplyEveryScriptOnceAndMigratingAgainChangesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var scripts = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("migrations.", StringComparison.Ordinal));

        // Silos starting together on an empty database: one applies the scripts, the others wait for its lock and then find
        // nothing to do; every migration must finish, and the lock must be released after each.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => DatabaseMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance, timeout.Token)));

        Assert.Equal(scripts, await database.ScalarAsync("SELECT count(*) FROM schemaversions"));
        Assert.Equal(scripts, await database.ScalarAsync("SELECT count(DISTINCT scriptname) FROM schemaversions"));
        var queries = await database.ScalarAsync("SELECT count(*) FROM OrleansQuery");
        Assert.True(queries > 0, "The migrations wrote no Orleans queries.");

        // And again, on the migrated database: nothing changes.
        await DatabaseMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance, timeout.Token);
        Assert.Equal(scripts, await database.ScalarAsync("SELECT count(*) FROM schemaversions"));
        Assert.Equal(queries, await database.ScalarAsync("SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task EveryScriptCanBeRunAgainOnAMigratedDatabase()
    {
        await using var database = await TestDatabase.CreateAsync();
        var assembly = typeof(DatabaseMigrator).Assembly;
        var scripts = assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations.", StringComparison.Ordinal)).Order().ToList();
        Assert.NotEmpty(scripts);

        foreach (var script in scripts)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(script)!);
            await database.ExecuteAsync(await reader.ReadToEndAsync());
        }

        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM doctors"));
    }

    private static async Task RunScriptsAsync(TestDatabase database, Func<string, bool> which)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        foreach (var script in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations.", StringComparison.Ordinal) && which(n)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(script)!);
            await database.ExecuteAsync(await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task SlotsFromBeforeTheOverlapRuleGetTheInstantsTheApplicationWouldWriteAndOldOverlapsAreKeptButMarked()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await RunScriptsAsync(database, name => string.CompareOrdinal(name, "migrations.0012") < 0);
        var doctors = new Dictionary<string, Guid> { ["Europe/Berlin"] = Guid.NewGuid(), ["America/New_York"] = Guid.NewGuid(), ["Australia/Lord_Howe"] = Guid.NewGuid(), ["UTC"] = Guid.NewGuid() };
        foreach (var (zone, id) in doctors)
        {
            await database.InsertDoctorAsync(id, zone);
        }

        // Local times the clocks skip or repeat, ordinary ones, and (for UTC) an hour at 09:00 overlapping 09:30.
        (string Zone, string Date, string Time, int Minutes)[] slots =
        [
            ("Europe/Berlin", "2026-03-29", "02:30", 30), ("Europe/Berlin", "2026-10-25", "02:30", 30), ("Europe/Berlin", "2027-01-15", "09:00", 30),
            ("America/New_York", "2026-03-08", "02:30", 30), ("America/New_York", "2026-11-01", "01:30", 30), ("America/New_York", "2026-07-01", "09:00", 45),
            ("Australia/Lord_Howe", "2026-10-04", "02:15", 30), ("Australia/Lord_Howe", "2026-04-05", "01:45", 30),
            ("UTC", "2026-06-01", "09:00", 60), ("UTC", "2026-06-01", "09:30", 30), ("UTC", "2026-06-01", "10:30", 30),
        ];
        var ids = new List<(Guid Id, string Zone, DateOnly Date, TimeOnly Time, int Minutes)>();
        foreach (var (zone, date, time, minutes) in slots)
        {
            var id = Guid.NewGuid();
            var (day, at) = (DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
            await database.ExecuteAsync(
                "INSERT INTO slots (id, doctor_id, date, time, duration_minutes) VALUES (@id, @doctor, @date, @time, @minutes)",
                ("id", id), ("doctor", doctors[zone]), ("date", day), ("time", at), ("minutes", minutes));
            ids.Add((id, zone, day, at, minutes));
        }

        await DatabaseMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance);

        foreach (var slot in ids)
        {
            await using var command = database.DataSource.CreateCommand("SELECT starts_at, ends_at, overlap_exempt FROM slots WHERE id = @id");
            command.Parameters.AddWithValue("id", slot.Id);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var expected = Clock.ToInstant(slot.Date, slot.Time, slot.Zone);
            Assert.True(expected == reader.GetFieldValue<DateTimeOffset>(0), $"{slot.Zone} {slot.Date} {slot.Time}: Clock says {expected:O}, the backfill {reader.GetFieldValue<DateTimeOffset>(0):O}");
            Assert.Equal(expected.AddMinutes(slot.Minutes), reader.GetFieldValue<DateTimeOffset>(1));
            Assert.Equal(slot is { Zone: "UTC", Time.Hour: 9, Time.Minute: 30 }, reader.GetBoolean(2));
        }

        var missingStart = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            "INSERT INTO slots (id, doctor_id, date, time) VALUES (@id, @doctor, '2026-06-02', '09:00')", ("id", Guid.NewGuid()), ("doctor", doctors["UTC"])));
        Assert.Equal(PostgresErrorCodes.NotNullViolation, missingStart.SqlState);
        var overlapping = await Assert.ThrowsAsync<PostgresException>(() =>
            database.InsertSlotAsync(Guid.NewGuid(), doctors["UTC"], new DateOnly(2026, 6, 1), new TimeOnly(10, 45)));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, overlapping.SqlState);
    }

    [Fact]
    public async Task ClockAndPostgresConvertEveryLocalTimeAlikeAroundTheClockChanges()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        string[] zones = ["Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Australia/Sydney", "Asia/Kolkata", "UTC"];
        var locals = new List<(string Zone, DateTime Local)>();
        foreach (var zone in zones)
        {
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            for (var day = new DateOnly(2026, 1, 1); day < new DateOnly(2028, 1, 1); day = day.AddDays(1))
            {
                var midnight = day.ToDateTime(TimeOnly.MinValue);
                if (tz.GetUtcOffset(midnight) != tz.GetUtcOffset(midnight.AddDays(1)))
                {
                    locals.AddRange(Enumerable.Range(0, 24 * 4).Select(q => (zone, midnight.AddMinutes(15 * q))));
                }
            }
        }

        Assert.True(locals.Count > 1000, $"only {locals.Count} local times around clock changes");
        await using var command = database.DataSource.CreateCommand(
            "SELECT l.local AT TIME ZONE l.zone FROM unnest(@zones, @locals) WITH ORDINALITY AS l(zone, local, n) ORDER BY l.n");
        command.Parameters.AddWithValue("zones", locals.Select(l => l.Zone).ToArray());
        command.Parameters.Add(new NpgsqlParameter("locals", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Timestamp) { Value = locals.Select(l => l.Local).ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        var differences = new List<string>();
        foreach (var (zone, local) in locals)
        {
            Assert.True(await reader.ReadAsync());
            var clock = Clock.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), zone);
            if (clock != reader.GetFieldValue<DateTimeOffset>(0))
            {
                differences.Add($"{zone} {local:yyyy-MM-dd HH:mm}: Clock {clock:O}, PostgreSQL {reader.GetFieldValue<DateTimeOffset>(0):O}");
            }
        }

        Assert.Empty(differences);
    }
}
