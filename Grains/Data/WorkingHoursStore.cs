using Booking.Grains.Interfaces;
using Npgsql;
using System.Data;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>The SQL behind a doctor's working hours: the rules, replaced whole, and the slots a change of them looks at.</summary>
public sealed class WorkingHoursStore(BookingDatabase database)
{
    private const string LoadSql = """
        SELECT slot_minutes, buffer_minutes, updated_at FROM working_hours WHERE doctor_id = @doctor_id;
        SELECT weekday, on_date, start_time, end_time FROM working_hours_periods WHERE doctor_id = @doctor_id ORDER BY on_date NULLS FIRST, weekday, start_time;
        SELECT on_date, note FROM working_hours_exceptions WHERE doctor_id = @doctor_id ORDER BY on_date;
        """;

    // Periods and exceptions go with the working_hours row (ON DELETE CASCADE).
    private const string DeleteSql = "DELETE FROM working_hours WHERE doctor_id = @doctor_id";

    private const string InsertRulesSql = """
        INSERT INTO working_hours (doctor_id, slot_minutes, buffer_minutes, updated_at)
        VALUES (@doctor_id, @slot_minutes, @buffer_minutes, @now)
        """;

    private const string InsertExceptionsSql = """
        INSERT INTO working_hours_exceptions (doctor_id, on_date, note)
        SELECT @doctor_id, e.on_date, e.note FROM unnest(@dates, @notes) AS e(on_date, note)
        """;

    private const string InsertPeriodsSql = """
        INSERT INTO working_hours_periods (doctor_id, weekday, on_date, start_time, end_time)
        SELECT @doctor_id, p.weekday, p.on_date, p.start_time, p.end_time
        FROM unnest(@weekdays, @dates, @starts, @ends) AS p(weekday, on_date, start_time, end_time)
        """;

    // Every slot that has not ended by @from and starts before @until: the ones a change may delete, keep or
    // have to make room around.
    private const string SlotsSql = """
        SELECT id, date, time, duration_minutes, starts_at, ends_at, generated, held_by, hold_expires_at, created_at
        FROM slots
        WHERE doctor_id = @doctor_id AND starts_at > @from - interval '480 minutes' AND ends_at > @from AND starts_at < @until
        ORDER BY starts_at, id
        """;

    /// <summary>The doctor's working hours and when they were last replaced, or null when none were ever set.</summary>
    public Task<(WorkingHours Rules, DateTimeOffset UpdatedAt)?> LoadAsync(Guid doctorId, CancellationToken cancellationToken) =>
        database.RunAsync<(WorkingHours, DateTimeOffset)?>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(LoadSql, connection) { Parameters = { Param("doctor_id", doctorId) } };
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var (slotMinutes, bufferMinutes, updatedAt) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2));
            await reader.NextResultAsync(ct);
            var periods = await reader.ReadAllAsync(r => (
                Weekday: r.IsDBNull(0) ? (DayOfWeek?)null : (DayOfWeek)r.GetInt16(0),
                Date: r.IsDBNull(1) ? (DateOnly?)null : r.GetFieldValue<DateOnly>(1),
                Period: new TimePeriod(r.GetFieldValue<TimeOnly>(2), r.GetFieldValue<TimeOnly>(3))), ct);
            await reader.NextResultAsync(ct);
            var exceptions = await reader.ReadAllAsync(r => new WorkingDayException(
                r.GetFieldValue<DateOnly>(0), [], r.IsDBNull(1) ? null : r.GetString(1)), ct);

            var weekly = periods.Where(p => p.Weekday is not null).Select(p => new WeeklyPeriod(p.Weekday!.Value, p.Period.Start, p.Period.End)).ToList();
            var dated = exceptions.Select(e => e with { Periods = periods.Where(p => p.Date == e.Date).Select(p => p.Period).ToList() }).ToList();
            return (new WorkingHours(slotMinutes, bufferMinutes, weekly, dated), updatedAt);
        }, cancellationToken);

    /// <summary>Replaces the doctor's working hours with <paramref name="rules"/>, in one transaction.</summary>
    public Task SaveAsync(Guid doctorId, WorkingHours rules, DateTimeOffset now) =>
        database.TransactionAsync(IsolationLevel.ReadCommitted, async (connection, transaction) =>
        {
            var dated = rules.Exceptions.SelectMany(e => e.Periods.Select(p => (Weekday: (short?)null, Date: (DateOnly?)e.Date, p.Start, p.End)));
            var periods = rules.Weekly.Select(p => (Weekday: (short?)(short)p.Day, Date: (DateOnly?)null, p.Start, p.End)).Concat(dated).ToList();
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(DeleteSql) { Parameters = { Param("doctor_id", doctorId) } },
                    new NpgsqlBatchCommand(InsertRulesSql)
                    {
                        Parameters =
                        {
                            Param("doctor_id", doctorId), Param("slot_minutes", rules.SlotMinutes),
                            Param("buffer_minutes", rules.BufferMinutes), Param("now", now),
                        },
                    },
                    new NpgsqlBatchCommand(InsertExceptionsSql)
                    {
                        Parameters =
                        {
                            Param("doctor_id", doctorId),
                            Param("dates", rules.Exceptions.Select(e => e.Date).ToArray()),
                            Param("notes", rules.Exceptions.Select(e => e.Note).ToArray()),
                        },
                    },
                    new NpgsqlBatchCommand(InsertPeriodsSql)
                    {
                        Parameters =
                        {
                            Param("doctor_id", doctorId),
                            Param("weekdays", periods.Select(p => p.Weekday).ToArray()),
                            Param("dates", periods.Select(p => p.Date).ToArray()),
                            Param("starts", periods.Select(p => p.Start).ToArray()),
                            Param("ends", periods.Select(p => p.End).ToArray()),
                        },
                    },
                },
            };
            await batch.ExecuteNonQueryAsync();
            return true;
        });

    /// <summary>The doctor's slots that have not ended by <paramref name="from"/> and start before <paramref name="until"/>, in time order.</summary>
    public Task<List<ExistingSlot>> SlotsAsync(Guid doctorId, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(SlotsSql, connection)
            {
                Parameters = { Param("doctor_id", doctorId), Param("from", from.ToUniversalTime()), Param("until", until.ToUniversalTime()) },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAllAsync(r => new ExistingSlot(
                r.GetGuid(0), r.GetFieldValue<DateOnly>(1), r.GetFieldValue<TimeOnly>(2), r.GetInt32(3),
                r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5), r.GetBoolean(6),
                r.IsDBNull(7) ? null : r.GetGuid(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
                r.GetFieldValue<DateTimeOffset>(9)), ct);
        }, cancellationToken);
}
