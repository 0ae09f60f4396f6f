using Booking.Grains;
using Booking.Grains.Data;
using Booking.Silo;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A fresh database on the test PostgreSQL server that ./test.sh starts, migrated like a silo does it,
/// and dropped at the end. The server comes from BOOKING_TEST_DB_ADMIN (or ConnectionStrings__Booking).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 60 }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>For the tests' own checks of what the database holds.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The grains' data access over this database, with default options: for tests of a store's SQL without a silo.</summary>
    public BookingDatabase Access() =>
        new(DataSource, Options.Create(new BookingOptions()), TimeProvider.System, NullLogger<BookingDatabase>.Instance);

    /// <param name="migrate">False: an empty database, for tests that apply the scripts themselves.</param>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var admin = Environment.GetEnvironmentVariable("BOOKING_TEST_DB_ADMIN")
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__Booking")
            ?? throw new InvalidOperationException(
                "No test database server: run the tests through ./test.sh, which starts one, or set BOOKING_TEST_DB_ADMIN to a PostgreSQL connection string.");
        var name = $"booking_test_{Guid.NewGuid():N}"[..30];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(admin, name);
        if (migrate)
        {
            await DatabaseMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance);
        }

        return database;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first column of the first row as text, or null when there is no row.</summary>
    public async Task<string?> TextAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (await command.ExecuteScalarAsync())?.ToString();
    }

    /// <summary>The first column of every row, as text.</summary>
    public async Task<List<string>> TextsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A doctor written straight to the table (as a schema before the grains' own writes had it), in <paramref name="timeZone"/>.</summary>
    public Task InsertDoctorAsync(Guid id, string timeZone = "UTC") =>
        ExecuteAsync(
            "INSERT INTO doctors (id, name, specialization, email, phone, time_zone) VALUES (@id, 'Dr Direct', 'General', @email, '+1 555 0100', @zone)",
            ("id", id), ("email", $"{id:N}@example.com"), ("zone", timeZone));

    /// <summary>
    /// A 30-minute slot written straight to the table, behind the grains' back (past slots, slots no grain has heard of).
    /// Its instants are converted the way migration 0012 backfills them, in the doctor's time zone.
    /// </summary>
    public Task InsertSlotAsync(Guid id, Guid doctorId, DateOnly date, TimeOnly time) =>
        ExecuteAsync(
            """
            INSERT INTO slots (id, doctor_id, date, time, starts_at, ends_at)
            SELECT @id, d.id, @date, @time, (@date + @time) AT TIME ZONE d.time_zone, (@date + @time) AT TIME ZONE d.time_zone + interval '30 minutes'
            FROM doctors d WHERE d.id = @doctor
            """,
            ("id", id), ("doctor", doctorId), ("date", date), ("time", time));

    /// <summary>Active (PENDING or CONFIRMED) appointments of a slot, as the database holds them.</summary>
    public Task<long> ActiveAppointmentsAsync(Guid slotId) =>
        ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @slot AND status IN ('PENDING', 'CONFIRMED')", ("slot", slotId));

    /// <summary>The appointment's stored status (PENDING, CONFIRMED, CANCELLED, EXPIRED), or null when there is no such row.</summary>
    public Task<string?> StatusAsync(Guid appointmentId) => TextAsync("SELECT status FROM appointments WHERE id = @id", ("id", appointmentId));

    /// <summary>Polls until the appointment's stored status is <paramref name="status"/>, for at most <paramref name="limit"/>.</summary>
    public Task<bool> StatusBecomesAsync(Guid appointmentId, string status, TimeSpan limit) =>
        Eventually.HoldsAsync(async () => await StatusAsync(appointmentId) == status, limit);

    /// <summary>The appointment's events in order: from>to, for a move its slots, and a note (a cancellation reason) in quotes.</summary>
    public Task<List<string>> EventsAsync(Guid appointmentId) => TextsAsync("""
        SELECT coalesce(from_status, '-') || '>' || to_status
               || coalesce(' ' || from_slot_id || '>' || to_slot_id, '') || coalesce(' "' || note || '"', '')
        FROM appointment_events WHERE appointment_id = @id ORDER BY id
        """, ("id", appointmentId));

    /// <summary>The slot row's holder, or null when it is free.</summary>
    public async Task<Guid?> HolderAsync(Guid slotId) =>
        await TextAsync("SELECT held_by::text FROM slots WHERE id = @id", ("id", slotId)) is { Length: > 0 } holder ? Guid.Parse(holder) : null;

    /// <summary>How many hold-expiry reminders the appointment has in Orleans' reminder table.</summary>
    public Task<long> ExpiryRemindersAsync(Guid appointmentId) => ScalarAsync(
        "SELECT count(*) FROM orleans_reminder WHERE reminder_name = 'hold-expiry' AND grain_id LIKE '%' || @id || '%'", ("id", appointmentId.ToString("N")));

    /// <summary>Row counts and a checksum of every domain table, to prove a request changed nothing.</summary>
    public async Task<string> SnapshotAsync()
    {
        const string Sql = """
            SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(d::text, ',' ORDER BY d.id)), '') FROM doctors d) || '|' ||
                   (SELECT count(*) || ':' || coalesce(md5(string_agg(s::text, ',' ORDER BY s.id)), '') FROM slots s) || '|' ||
                   (SELECT count(*) || ':' || coalesce(md5(string_agg(a::text, ',' ORDER BY a.id)), '') FROM appointments a)
            """;
        await using var command = DataSource.CreateCommand(Sql);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Like <see cref="SnapshotAsync()"/>, for <paramref name="slotIds"/> and their appointments only: for a database that other
    /// tests of a collection change meanwhile (holds of theirs expiring). An event's <c>dispatched_at</c> is left out: the
    /// silo's outbox dispatcher sets it whenever it gets to the event, which is no change a test made.
    /// </summary>
    public async Task<string> SnapshotAsync(params Guid[] slotIds)
    {
        const string Sql = """
            SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(s::text, ',' ORDER BY s.id)), '') FROM slots s WHERE s.id = ANY(@ids)) || '|' ||
                   (SELECT count(*) || ':' || coalesce(md5(string_agg(a::text, ',' ORDER BY a.id)), '') FROM appointments a WHERE a.slot_id = ANY(@ids)) || '|' ||
                   (SELECT count(*) || ':' || coalesce(md5(string_agg((to_jsonb(e) - 'dispatched_at')::text, ',' ORDER BY e.id)), '') FROM appointment_events e
                    WHERE e.appointment_id IN (SELECT id FROM appointments WHERE slot_id = ANY(@ids)))
            """;
        await using var command = DataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("ids", slotIds);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
