using Booking.Grains.Interfaces;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>Loads one doctor's day for <see cref="DoctorScheduleGrain"/>.</summary>
public sealed class ScheduleStore(BookingDatabase database)
{
    private const string DaySql = """
        SELECT d.time_zone, s.id, s.time, s.duration_minutes, s.created_at, s.held_by IS NOT NULL, s.hold_expires_at
        FROM doctors d LEFT JOIN slots s ON s.doctor_id = d.id AND s.date = @date
        WHERE d.id = @doctor_id
        """;

    private const string DatesSql = "SELECT DISTINCT date FROM slots WHERE doctor_id = @doctor_id";

    /// <summary>The doctor's time zone and slots on <paramref name="date"/>; null when there is no such doctor.</summary>
    public Task<(string TimeZone, List<ScheduledSlot> Slots)?> LoadDayAsync(Guid doctorId, DateOnly date, CancellationToken cancellationToken) =>
        database.RunAsync<(string, List<ScheduledSlot>)?>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(DaySql, connection) { Parameters = { Param("doctor_id", doctorId), Param("date", date) } };
            await using var reader = await command.ExecuteReaderAsync(ct);
            string? timeZone = null;
            var slots = new List<ScheduledSlot>();
            while (await reader.ReadAsync(ct))
            {
                timeZone = reader.GetString(0);
                if (!reader.IsDBNull(1))
                {
                    slots.Add(new ScheduledSlot(
                        reader.GetGuid(1), reader.GetFieldValue<TimeOnly>(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4),
                        reader.GetBoolean(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
                }
            }

            return timeZone is null ? null : (timeZone, slots);
        }, cancellationToken);

    /// <summary>Every date on which the doctor has slots.</summary>
    public Task<List<DateOnly>> DatesAsync(Guid doctorId) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(DatesSql, connection) { Parameters = { Param("doctor_id", doctorId) } };
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAllAsync(r => r.GetFieldValue<DateOnly>(0), ct);
        }, CancellationToken.None);
}
