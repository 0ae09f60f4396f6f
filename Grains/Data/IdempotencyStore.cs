using Booking.Grains.Interfaces;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>The first outcome of a booking request sent with an Idempotency-Key.</summary>
public sealed record IdempotencyRecord(string RequestHash, BookingOutcome Outcome, Guid? AppointmentId);

/// <summary>Idempotency records. A booking's record is written by the booking transaction (<see cref="SlotStore"/>); the rest here.</summary>
public sealed class IdempotencyStore(BookingDatabase database)
{
    private const string FindSql = "SELECT request_hash, outcome, appointment_id, false FROM idempotency_records WHERE idempotency_key = @key";

    // A refused booking changed nothing, so recording its outcome apart from it is safe. The first record
    // wins: when the key has one already, that one is returned instead (last column: whether it is this one).
    private const string RecordRefusalSql = """
        WITH inserted AS (
            INSERT INTO idempotency_records (idempotency_key, request_hash, outcome, appointment_id, created_at)
            VALUES (@key, @hash, @outcome, NULL, @now)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING request_hash, outcome, appointment_id, true
        )
        SELECT * FROM inserted
        UNION ALL
        SELECT request_hash, outcome, appointment_id, false FROM idempotency_records
        WHERE idempotency_key = @key AND NOT EXISTS (SELECT 1 FROM inserted)
        """;

    public async Task<IdempotencyRecord?> FindAsync(string key, CancellationToken cancellationToken) =>
        (await QueryAsync(FindSql, cancellationToken, Param("key", key)))?.Record;

    /// <summary>Records a refusal for <paramref name="key"/> unless the key has a record already; returns the record that stands and whether it is this one.</summary>
    public async Task<(IdempotencyRecord Record, bool RecordedNow)> RecordRefusalAsync(string key, string requestHash, BookingOutcome outcome, DateTimeOffset now)
    {
        var row = await QueryAsync(RecordRefusalSql, CancellationToken.None,
            Param("key", key), Param("hash", requestHash), Param("outcome", OutcomeToDb(outcome)), Param("now", now));

        // Null only when the conflicting record committed after this statement's snapshot was taken: read it now.
        return row ?? (await FindAsync(key, CancellationToken.None) is { } existing
            ? (existing, false)
            : throw new InvalidOperationException("An idempotency record conflicted but cannot be read."));
    }

    private Task<(IdempotencyRecord Record, bool RecordedNow)?> QueryAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        database.RunAsync<(IdempotencyRecord, bool)?>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? (new IdempotencyRecord(reader.GetString(0), OutcomeFromDb(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetGuid(2)), reader.GetBoolean(3))
                : null;
        }, cancellationToken);

    /// <summary>Outcomes as stored: BOOKED, SLOT_TAKEN, SLOT_NOT_FOUND, SLOT_IN_PAST.</summary>
    public static string OutcomeToDb(BookingOutcome outcome) => outcome switch
    {
        BookingOutcome.Booked => "BOOKED",
        BookingOutcome.SlotTaken => "SLOT_TAKEN",
        BookingOutcome.SlotNotFound => "SLOT_NOT_FOUND",
        BookingOutcome.SlotInPast => "SLOT_IN_PAST",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not an outcome a record keeps."),
    };

    private static BookingOutcome OutcomeFromDb(string outcome) =>
        Enum.GetValues<BookingOutcome>().Single(o => o != BookingOutcome.IdempotencyKeyUsed && OutcomeToDb(o) == outcome);
}
