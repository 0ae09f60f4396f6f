using Booking.Grains.Interfaces;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>The first outcome of a booking request sent with an Idempotency-Key.</summary>
public sealed record IdempotencyRecord(string RequestHash, BookingOutcome Outcome, Guid? AppointmentId);

/// <summary>Idempotency records. A booking's record is written by the booking transaction (<see cref="SlotStore"/>); the rest here.</summary>
public sealed class IdempotencyStore(BookingDatabase database)
{
    private const string FindSql = "SELECT request_hash, outcome, appointment_id FROM idempotency_records WHERE idempotency_key = @key";

    // A refused booking changed nothing, so recording its outcome apart from it is safe; the first record wins.
    private const string SaveSql = """
        INSERT INTO idempotency_records (idempotency_key, request_hash, outcome, appointment_id, created_at)
        VALUES (@key, @hash, @outcome, NULL, @now)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    public Task<IdempotencyRecord?> FindAsync(string key, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(FindSql, connection) { Parameters = { Param("key", key) } };
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new IdempotencyRecord(reader.GetString(0), OutcomeFromDb(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetGuid(2))
                : null;
        }, cancellationToken);

    public Task<int> SaveRefusalAsync(string key, string requestHash, BookingOutcome outcome, DateTimeOffset now) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(SaveSql, connection)
            {
                Parameters = { Param("key", key), Param("hash", requestHash), Param("outcome", OutcomeToDb(outcome)), Param("now", now) },
            };
            return await command.ExecuteNonQueryAsync(ct);
        }, CancellationToken.None);

    /// <summary>Outcomes as stored: BOOKED, SLOT_TAKEN, SLOT_NOT_FOUND, SLOT_IN_PAST.</summary>
    public static string OutcomeToDb(BookingOutcome outcome) => outcome switch
    {
        BookingOutcome.Booked => "BOOKED",
        BookingOutcome.SlotTaken => "SLOT_TAKEN",
        BookingOutcome.SlotNotFound => "SLOT_NOT_FOUND",
        _ => "SLOT_IN_PAST",
    };

    private static BookingOutcome OutcomeFromDb(string outcome) =>
        Enum.GetValues<BookingOutcome>().Single(o => OutcomeToDb(o) == outcome);
}
