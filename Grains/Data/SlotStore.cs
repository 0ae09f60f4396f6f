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

    // Every writer of a slot locks its row first, so they queue here; the row says who holds it.
    private const string LockSlotSql = """
        SELECT doctor_id, date, time, held_by, hold_expires_at FROM slots WHERE id = @slot_id FOR UPDATE
        """;

    // A hold whose time has passed no longer holds the slot, whether or not its expiry has run yet.
    private const string ExpireLapsedHoldSql = """
        WITH expired AS (
            UPDATE appointments SET status = 'EXPIRED', updated_at = @now
            WHERE id = @held_by AND status = 'PENDING' AND expires_at <= @now
            RETURNING id
        )
        INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
        SELECT id, 'PENDING', 'EXPIRED', @now, 'hold lapsed; found by a later booking of the slot' FROM expired
        """;

    // The appointment, the slot's record of its holder, the event and the idempotency record (when a
    // key was given) commit together or not at all. Should anything ever bypass the slot row lock,
    // the partial unique index refuses a second active appointment.
    private const string InsertHoldSql = $"""
        WITH inserted AS (
            INSERT INTO appointments (id, slot_id, doctor_id, patient_name, patient_email, patient_phone, reason,
                                      appointment_date, appointment_time, status, created_at, expires_at, updated_at)
            VALUES (@id, @slot_id, @doctor_id, @patient_name, @patient_email, @patient_phone, @reason,
                    @date, @time, 'PENDING', @now, @expires_at, @now)
            RETURNING {AppointmentColumns}
        ), marked AS (
            UPDATE slots SET is_available = false, held_by = @id, hold_expires_at = @expires_at, updated_at = @now
            WHERE id = @slot_id
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
    // hold must be live (confirm, cancel) or lapsed (expire). The event records the status it left;
    // the slot row follows: a confirmed hold has no end, a cancelled or expired one frees the slot.
    private const string TransitionSql = $"""
        WITH previous AS (
            SELECT id AS previous_id, status AS previous_status FROM appointments
            WHERE id = @id AND slot_id = @slot_id AND status = ANY(@from)
              AND (status <> 'PENDING' OR (expires_at > @now) = @pending_live)
            FOR UPDATE
        ), changed AS (
            UPDATE appointments SET status = @to, updated_at = @now
            FROM previous WHERE appointments.id = previous.previous_id
            RETURNING {AppointmentColumns}, previous_status
        ), logged AS (
            INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
            SELECT id, previous_status, @to, @now, @reason FROM changed
        ), settled AS (
            UPDATE slots SET held_by = CASE WHEN @frees_slot THEN NULL ELSE held_by END,
                             hold_expires_at = NULL,
                             is_available = is_available OR @frees_slot,
                             updated_at = @now
            WHERE id = @slot_id AND held_by = @id AND EXISTS (SELECT 1 FROM changed)
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
            if (await LockAsync(connection, transaction, slotId) is not { } slot)
            {
                return new BookAttempt(BookingOutcome.SlotNotFound, null);
            }

            if (slot.IsHeldAt(now))
            {
                return new BookAttempt(BookingOutcome.SlotTaken, null);
            }

            if (slot.HeldBy is { } lapsed)
            {
                await using var expire = new NpgsqlCommand(ExpireLapsedHoldSql, connection, transaction)
                {
                    Parameters = { Param("held_by", lapsed), Param("now", now) },
                };
                await expire.ExecuteNonQueryAsync();
            }

            await using var insert = new NpgsqlCommand(InsertHoldSql, connection, transaction)
            {
                Parameters =
                {
                    Param("id", appointmentId),
                    Param("slot_id", slotId),
                    Param("doctor_id", slot.DoctorId),
                    Param("date", slot.Date),
                    Param("time", slot.Time),
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
            return new BookAttempt(BookingOutcome.Booked, (await inserted.ReadAllAsync(ReadAppointment)).Single());
        });

    /// <summary>
    /// Makes <paramref name="transition"/> as one compare-and-swap with its event; when it does not apply,
    /// reports why from the appointment as it stands. READ COMMITTED is enough and keeps it clear of
    /// the bookings' predicate locks: the one statement locks the appointment row and re-checks its
    /// status before changing it, and a transition never makes a second appointment active.
    /// </summary>
    public Task<AppointmentChangeResult> ChangeAsync(Guid slotId, Guid appointmentId, Transition transition, DateTimeOffset now) =>
        database.TransactionAsync(System.Data.IsolationLevel.ReadCommitted, async (connection, transaction) =>
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
            if (await LockAsync(connection, transaction, slotId) is not { } slot)
            {
                return DeleteOutcome.NotFound;
            }

            if (slot.IsHeldAt(now))
            {
                return DeleteOutcome.HasActiveAppointment;
            }

            await using var delete = new NpgsqlCommand(DeleteSlotSql, connection, transaction) { Parameters = { Param("slot_id", slotId) } };
            await delete.ExecuteNonQueryAsync();
            return DeleteOutcome.Deleted;
        });

    /// <summary>Locks the slot row for the rest of the transaction and reads who holds it; null when there is no such slot.</summary>
    private static async Task<SlotLock?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid slotId)
    {
        await using var command = new NpgsqlCommand(LockSlotSql, connection, transaction) { Parameters = { Param("slot_id", slotId) } };
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new SlotLock(
                reader.GetGuid(0),
                reader.GetFieldValue<DateOnly>(1),
                reader.GetFieldValue<TimeOnly>(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }
}

/// <summary>A locked slot row: where it sits and which appointment holds it until when (no end: confirmed).</summary>
internal sealed record SlotLock(Guid DoctorId, DateOnly Date, TimeOnly Time, Guid? HeldBy, DateTimeOffset? HoldExpiresAt)
{
    public bool IsHeldAt(DateTimeOffset now) => HeldBy is not null && (HoldExpiresAt is null || HoldExpiresAt > now);
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

/// <summary>What the booking transaction did: the outcome and, when booked, the new appointment.</summary>
public sealed record BookAttempt(BookingOutcome Outcome, Appointment? Appointment);
