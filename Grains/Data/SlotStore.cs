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
        WITH expired AS (
            UPDATE appointments SET status = 'EXPIRED', updated_at = @now
            WHERE slot_id = @slot_id AND status = 'PENDING' AND expires_at <= @now
            RETURNING id
        )
        INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
        SELECT id, 'PENDING', 'EXPIRED', @now, 'hold lapsed; found by a later write to the slot' FROM expired
        RETURNING appointment_id
        """;

    // The ON CONFLICT arbiter is the partial unique index: should another writer have placed an active
    // appointment in between, nothing is inserted and no row comes back. The event and the idempotency
    // record (when a key was given) commit with the appointment or not at all.
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
        ), logged AS (
            INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
            SELECT id, NULL, 'PENDING', @now, 'booked' FROM inserted
        ), remembered AS (
            INSERT INTO idempotency_records (idempotency_key, request_hash, outcome, appointment_id, created_at)
            SELECT @idempotency_key::text, @request_hash::text, 'BOOKED', id, @now FROM inserted WHERE @idempotency_key::text IS NOT NULL
        )
        SELECT {AppointmentColumns} FROM inserted
        """;

    // One status change as a compare-and-swap: it happens only from an allowed status, and a PENDING
    // hold must be live (confirm, cancel) or lapsed (expire). The event records the status it left.
    private const string TransitionSql = $"""
        WITH previous AS (
            SELECT id AS previous_id, status AS previous_status FROM appointments
            WHERE id = @id AND slot_id = @slot_id AND status = ANY(@from)
              AND (status <> 'PENDING' OR (expires_at > @now) = @pending_live)
        ), changed AS (
            UPDATE appointments SET status = @to, updated_at = @now
            FROM previous WHERE appointments.id = previous.previous_id
            RETURNING {AppointmentColumns}, previous_status
        ), logged AS (
            INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
            SELECT id, previous_status, @to, @now, @reason FROM changed
        ), freed AS (
            UPDATE slots SET is_available = true, updated_at = @now
            WHERE id = @slot_id AND @frees_slot AND EXISTS (SELECT 1 FROM changed)
        )
        SELECT {AppointmentColumns} FROM changed
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
    /// appointment (with its event and idempotency record) unless an active one remains.
    /// SERIALIZABLE, retried on serialization failures.
    /// </summary>
    public Task<BookAttempt> BookAsync(
        Guid slotId, Guid appointmentId, PatientDetails patient, IdempotencyStamp? idempotency, DateTimeOffset now, DateTimeOffset expiresAt) =>
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
                    Param("idempotency_key", idempotency?.Key),
                    Param("request_hash", idempotency?.RequestHash),
                },
            };
            await using var inserted = await insert.ExecuteReaderAsync();
            var appointment = (await inserted.ReadAllAsync(ReadAppointment)).SingleOrDefault();
            return appointment is null
                ? new BookAttempt(BookingOutcome.SlotTaken, null)
                : new BookAttempt(BookingOutcome.Booked, appointment);
        });

    /// <summary>
    /// Makes <paramref name="transition"/> as one compare-and-swap with its event (SERIALIZABLE, retried);
    /// when it does not apply, reports why from the appointment as it stands.
    /// </summary>
    public Task<AppointmentChangeResult> ChangeAsync(Guid slotId, Guid appointmentId, Transition transition, DateTimeOffset now) =>
        database.SerializableAsync(async (connection, transaction) =>
        {
            await using (var change = new NpgsqlCommand(TransitionSql, connection, transaction)
            {
                Parameters =
                {
                    Param("id", appointmentId),
                    Param("slot_id", slotId),
                    Param("from", transition.From.Select(StatusToDb).ToArray()),
                    Param("pending_live", transition.PendingMustBeLive),
                    Param("to", StatusToDb(transition.To)),
                    Param("frees_slot", transition.FreesSlot),
                    Param("reason", transition.Reason),
                    Param("now", now),
                },
            })
            {
                await using var reader = await change.ExecuteReaderAsync();
                if ((await reader.ReadAllAsync(ReadAppointment)).SingleOrDefault() is { } changed)
                {
                    return new AppointmentChangeResult(AppointmentChangeOutcome.Changed, changed);
                }
            }

            await using var read = new NpgsqlCommand(AppointmentOfSlotSql, connection, transaction)
            {
                Parameters = { Param("id", appointmentId), Param("slot_id", slotId) },
            };
            await using var current = await read.ExecuteReaderAsync();
            return (await current.ReadAllAsync(ReadAppointment)).SingleOrDefault()?.AsSeenAt(now) is { } appointment
                ? new AppointmentChangeResult(transition.WhyNot(appointment.Status), appointment)
                : new AppointmentChangeResult(AppointmentChangeOutcome.NotFound);
        });

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
}

/// <summary>A status change of an appointment and what it requires.</summary>
/// <param name="To">The status it sets.</param>
/// <param name="From">The statuses it may leave.</param>
/// <param name="PendingMustBeLive">For a PENDING appointment: true when the hold must not have lapsed, false when it must have.</param>
/// <param name="FreesSlot">True when the slot is available again afterwards.</param>
/// <param name="Reason">What the event records as the cause.</param>
/// <param name="WhyNot">The outcome to report, from the status a client sees, when the change does not apply.</param>
public sealed record Transition(
    AppointmentStatus To,
    AppointmentStatus[] From,
    bool PendingMustBeLive,
    bool FreesSlot,
    string Reason,
    Func<AppointmentStatus, AppointmentChangeOutcome> WhyNot)
{
    public static readonly Transition Confirm = new(
        AppointmentStatus.Confirmed, [AppointmentStatus.Pending], PendingMustBeLive: true, FreesSlot: false, "confirmed by the patient",
        status => status switch
        {
            AppointmentStatus.Confirmed => AppointmentChangeOutcome.Unchanged,
            AppointmentStatus.Cancelled => AppointmentChangeOutcome.Cancelled,
            _ => AppointmentChangeOutcome.HoldExpired,
        });

    public static readonly Transition Cancel = new(
        AppointmentStatus.Cancelled, [AppointmentStatus.Pending, AppointmentStatus.Confirmed], PendingMustBeLive: true, FreesSlot: true, "cancelled",
        status => status == AppointmentStatus.Cancelled ? AppointmentChangeOutcome.Unchanged : AppointmentChangeOutcome.HoldExpired);

    public static readonly Transition Expire = new(
        AppointmentStatus.Expired, [AppointmentStatus.Pending], PendingMustBeLive: false, FreesSlot: true, "hold expired unconfirmed",
        status => status == AppointmentStatus.Pending ? AppointmentChangeOutcome.NotDue : AppointmentChangeOutcome.Unchanged);
}

/// <summary>What the booking transaction found: the outcome and the appointment it made or the one holding the slot.</summary>
public sealed record BookAttempt(BookingOutcome Outcome, Appointment? Appointment);
