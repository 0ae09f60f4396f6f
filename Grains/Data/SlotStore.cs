using Booking.Grains.Interfaces;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>The SQL behind <see cref="SlotGrain"/>: loading a slot and the transactions that change its booking state.</summary>
public sealed class SlotStore(BookingDatabase database)
{
    private const string LoadSlotSql = """
        SELECT s.doctor_id, s.date, s.time, s.duration_minutes, s.created_at, d.time_zone
        FROM slots s JOIN doctors d ON d.id = s.doctor_id
        WHERE s.id = @slot_id
        """;

    private const string ActiveAppointmentSql = $"""
        SELECT {AppointmentColumns} FROM appointments
        WHERE slot_id = @slot_id AND status IN ('PENDING', 'CONFIRMED')
        """;

    private const string LockSlotSql = "SELECT 1 FROM slots WHERE id = @slot_id FOR UPDATE";

    // A hold whose time has passed no longer holds the slot, whether or not its expiry has run yet.
    private const string ExpireLapsedHoldSql = """
        UPDATE appointments SET status = 'EXPIRED', updated_at = @now
        WHERE slot_id = @slot_id AND status = 'PENDING' AND expires_at <= @now
        RETURNING id
        """;

    // The ON CONFLICT arbiter is the partial unique index: should another writer have placed an active
    // appointment in between, nothing is inserted and no row comes back.
    private const string InsertHoldSql = $"""
        WITH inserted AS (
            INSERT INTO appointments (id, slot_id, doctor_id, patient_name, patient_email, patient_phone, reason,
                                      appointment_date, appointment_time, status, created_at, expires_at, updated_at)
            SELECT @id, s.id, s.doctor_id, @patient_name, @patient_email, @patient_phone, @reason,
                   s.date, s.time, 'PENDING', @now, @expires_at, @now
            FROM slots s WHERE s.id = @slot_id
            ON CONFLICT (slot_id) WHERE status IN ('PENDING', 'CONFIRMED') DO NOTHING
            RETURNING {AppointmentColumns}
        ), marked AS (
            UPDATE slots SET is_available = false, updated_at = @now
            WHERE id = @slot_id AND EXISTS (SELECT 1 FROM inserted)
        )
        SELECT {AppointmentColumns} FROM inserted
        """;

    private const string ConfirmSql = $"""
        UPDATE appointments SET status = 'CONFIRMED', updated_at = @now
        WHERE id = @id AND slot_id = @slot_id AND status = 'PENDING' AND expires_at > @now
        RETURNING {AppointmentColumns}
        """;

    private const string AppointmentOfSlotSql = $"""
        SELECT {AppointmentColumns} FROM appointments WHERE id = @id AND slot_id = @slot_id
        """;

    private const string DeleteSlotSql = "DELETE FROM slots WHERE id = @slot_id";

    /// <summary>The slot and its active appointment, or null when the slot does not exist.</summary>
    public Task<SlotState?> LoadAsync(Guid slotId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(LoadSlotSql) { Parameters = { Param("slot_id", slotId) } },
                    new NpgsqlBatchCommand(ActiveAppointmentSql) { Parameters = { Param("slot_id", slotId) } },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var state = new SlotState(
                DoctorId: reader.GetGuid(0),
                Date: reader.GetFieldValue<DateOnly>(1),
                Time: reader.GetFieldValue<TimeOnly>(2),
                DurationMinutes: reader.GetInt32(3),
                CreatedAt: reader.GetFieldValue<DateTimeOffset>(4),
                TimeZone: reader.GetString(5),
                Active: null);
            await reader.NextResultAsync(ct);
            return state with { Active = (await reader.ReadAllAsync(ReadAppointment, ct)).SingleOrDefault() };
        }, cancellationToken);

    /// <summary>
    /// The booking transaction: lock the slot row, expire a lapsed hold, and insert the new PENDING
    /// appointment unless an active one remains. SERIALIZABLE, retried on serialization failures.
    /// </summary>
    public Task<BookAttempt> BookAsync(Guid slotId, Guid appointmentId, PatientDetails patient, DateTimeOffset now, DateTimeOffset expiresAt) =>
        database.SerializableAsync(async (connection, transaction) =>
        {
            var (exists, active) = await LockAndExpireLapsedAsync(connection, transaction, slotId, now);
            if (!exists)
            {
                return new BookAttempt(BookingOutcome.SlotNotFound, null);
            }

            if (active is not null)
            {
                return new BookAttempt(BookingOutcome.SlotTaken, active);
            }

            await using var insert = new NpgsqlCommand(InsertHoldSql, connection, transaction)
            {
                Parameters =
                {
                    Param("id", appointmentId),
                    Param("slot_id", slotId),
                    Param("patient_name", patient.Name),
                    Param("patient_email", patient.Email),
                    Param("patient_phone", patient.Phone),
                    Param("reason", patient.Reason),
                    Param("now", now),
                    Param("expires_at", expiresAt),
                },
            };
            await using var inserted = await insert.ExecuteReaderAsync();
            var appointment = (await inserted.ReadAllAsync(ReadAppointment)).SingleOrDefault();
            return appointment is null
                ? new BookAttempt(BookingOutcome.SlotTaken, null)
                : new BookAttempt(BookingOutcome.Booked, appointment);
        });

    /// <summary>
    /// Compare-and-swap PENDING -> CONFIRMED that succeeds only before <c>expires_at</c>; otherwise
    /// reports why not from the appointment as it stands.
    /// </summary>
    public Task<AppointmentChangeResult> ConfirmAsync(Guid slotId, Guid appointmentId, DateTimeOffset now) =>
        database.RunAsync(async (connection, ct) =>
        {
            var confirmed = await QuerySingleAsync(connection, ConfirmSql, slotId, appointmentId, now, ct);
            if (confirmed is not null)
            {
                return new AppointmentChangeResult(AppointmentChangeOutcome.Changed, confirmed);
            }

            var current = (await QuerySingleAsync(connection, AppointmentOfSlotSql, slotId, appointmentId, now, ct))?.AsSeenAt(now);
            return current?.Status switch
            {
                null => new AppointmentChangeResult(AppointmentChangeOutcome.NotFound),
                AppointmentStatus.Confirmed => new AppointmentChangeResult(AppointmentChangeOutcome.Unchanged, current),
                AppointmentStatus.Cancelled => new AppointmentChangeResult(AppointmentChangeOutcome.Cancelled, current),
                _ => new AppointmentChangeResult(AppointmentChangeOutcome.HoldExpired, current),
            };
        }, CancellationToken.None);

    /// <summary>Deletes the slot (and its past appointments) unless an unexpired hold or a confirmed appointment remains.</summary>
    public Task<DeleteOutcome> DeleteAsync(Guid slotId, DateTimeOffset now) =>
        database.SerializableAsync(async (connection, transaction) =>
        {
            var (exists, active) = await LockAndExpireLapsedAsync(connection, transaction, slotId, now);
            if (!exists)
            {
                return DeleteOutcome.NotFound;
            }

            if (active is not null)
            {
                return DeleteOutcome.HasActiveAppointment;
            }

            await using var delete = new NpgsqlCommand(DeleteSlotSql, connection, transaction) { Parameters = { Param("slot_id", slotId) } };
            await delete.ExecuteNonQueryAsync();
            return DeleteOutcome.Deleted;
        });

    /// <summary>
    /// In one round trip: locks the slot row (so every writer of this slot queues here), marks a lapsed
    /// hold EXPIRED, and reads the appointment that still holds the slot.
    /// </summary>
    private static async Task<(bool Exists, Appointment? Active)> LockAndExpireLapsedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid slotId, DateTimeOffset now)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(LockSlotSql) { Parameters = { Param("slot_id", slotId) } },
                new NpgsqlBatchCommand(ExpireLapsedHoldSql) { Parameters = { Param("slot_id", slotId), Param("now", now) } },
                new NpgsqlBatchCommand(ActiveAppointmentSql) { Parameters = { Param("slot_id", slotId) } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return (false, null);
        }

        await reader.NextResultAsync();
        await reader.NextResultAsync();
        return (true, (await reader.ReadAllAsync(ReadAppointment)).SingleOrDefault());
    }

    private static async Task<Appointment?> QuerySingleAsync(
        NpgsqlConnection connection, string sql, Guid slotId, Guid appointmentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters = { Param("id", appointmentId), Param("slot_id", slotId), Param("now", now) },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return (await reader.ReadAllAsync(ReadAppointment, cancellationToken)).SingleOrDefault();
    }
}

/// <summary>What the booking transaction found: the outcome and the appointment it made or the one holding the slot.</summary>
public sealed record BookAttempt(BookingOutcome Outcome, Appointment? Appointment);
