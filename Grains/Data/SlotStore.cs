using Booking.Grains.Interfaces;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>
/// The SQL behind <see cref="SlotGrain"/>. Every write is one exchange with the database: a call of one of the
/// functions of <c>0009_booking_functions.sql</c> and <c>0010_reschedule.sql</c>, which answers with the outcome, the slot as it now stands
/// and the appointment concerned (read by <see cref="ReadWrite"/>).
/// </summary>
public sealed class SlotStore(BookingDatabase database)
{
    private const string LoadSlotSql = """
        SELECT s.doctor_id, s.date, s.time, s.duration_minutes, s.created_at, d.time_zone, s.held_by, s.hold_expires_at
        FROM slots s JOIN doctors d ON d.id = s.doctor_id
        WHERE s.id = @slot_id
        """;

    private const string HoldSql = """
        SELECT * FROM booking_hold(@slot_id, @id, @patient_name, @patient_email, @patient_phone, @reason,
                                   @now, @expires_at, @idempotency_key, @request_hash)
        """;

    private const string TransitionSql = """
        SELECT * FROM booking_transition(@slot_id, @id, @from, @pending_live, @to, @frees_slot, @reason, @now, @note)
        """;

    private const string RescheduleSql = "SELECT * FROM booking_reschedule(@id, @from_slot_id, @to_slot_id, @now)";

    private const string DeleteSql = "SELECT * FROM booking_delete_slot(@slot_id, @now)";

    private const string OneActiveAppointmentPerSlot = "ux_appointments_one_active_per_slot";
    private const string IdempotencyKeyTaken = "idempotency_records_pkey";

    /// <summary>The slot and who holds it, or null when the slot does not exist.</summary>
    public Task<SlotState?> LoadAsync(Guid slotId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(LoadSlotSql, connection) { Parameters = { Param("slot_id", slotId) } };
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ReadSlot(reader, 0) : null;
        }, cancellationToken);

    /// <summary>
    /// The booking transaction, SERIALIZABLE, sent as one batch (BEGIN, <c>booking_hold</c>, COMMIT): lock the slot row,
    /// expire a lapsed hold, and insert the new PENDING appointment with its event and idempotency record, unless an
    /// active one remains. The hold lasts <paramref name="holdDuration"/> from the moment the attempt starts.
    /// </summary>
    public Task<BookAttempt> BookAsync(Guid slotId, HoldRequest request, TimeSpan holdDuration) =>
        database.WriteAsync(async (connection, now) =>
        {
            try
            {
                var write = await SerializableAsync(connection, HoldSql,
                    Param("slot_id", slotId),
                    Param("id", request.AppointmentId),
                    Param("patient_name", request.Patient.Name),
                    Param("patient_email", request.Patient.Email),
                    Param("patient_phone", request.Patient.Phone),
                    TextParam("reason", request.Patient.Reason),
                    Param("now", now),
                    Param("expires_at", now + holdDuration),
                    TextParam("idempotency_key", request.Idempotency?.Key),
                    TextParam("request_hash", request.Idempotency?.RequestHash));
                return new BookAttempt(write.Outcome switch
                {
                    "BOOKED" => BookingOutcome.Booked,
                    "SLOT_TAKEN" => BookingOutcome.SlotTaken,
                    "SLOT_IN_PAST" => BookingOutcome.SlotInPast,
                    _ => BookingOutcome.SlotNotFound,
                }, write.Slot, write.Appointment);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == OneActiveAppointmentPerSlot)
            {
                // A writer that bypassed the slot row lock (a second activation of this grain) holds the slot.
                return new BookAttempt(BookingOutcome.SlotTaken, null, null);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == IdempotencyKeyTaken)
            {
                // The key was used before (its first request may still be finishing elsewhere): nothing was booked
                // now, and the key's record, not this attempt, says what the answer is.
                return new BookAttempt(BookingOutcome.IdempotencyKeyUsed, null, null);
            }
        }, request.Deadline);

    /// <summary>
    /// Makes <paramref name="transition"/> as one compare-and-swap with its event (<c>booking_transition</c>, one statement at
    /// READ COMMITTED); when it does not apply, reports why from the appointment as it stands. <paramref name="note"/>, when
    /// given, goes on the event (and a cancellation keeps it as the appointment's cancellation reason).
    /// </summary>
    public Task<(AppointmentChangeResult Result, SlotState? Slot)> ChangeAsync(
        Guid slotId, Guid appointmentId, Transition transition, DateTimeOffset deadline, string? note = null) =>
        database.WriteAsync(async (connection, now) =>
        {
            await using var command = new NpgsqlCommand(TransitionSql, connection)
            {
                Parameters =
                {
                    Param("slot_id", slotId),
                    Param("id", appointmentId),
                    Param("from", transition.From.Select(StatusToDb).ToArray()),
                    Param("pending_live", transition.PendingMustBeLive),
                    TextParam("to", StatusToDb(transition.To)),
                    Param("frees_slot", transition.FreesSlot),
                    TextParam("reason", transition.Reason),
                    Param("now", now),
                    TextParam("note", note),
                },
            };
            await using var reader = await command.ExecuteReaderAsync();
            var write = await ReadWriteAsync(reader);
            var result = write.Outcome == "CHANGED"
                ? new AppointmentChangeResult(AppointmentChangeOutcome.Changed, write.Appointment)
                : write.Appointment?.AsSeenAt(now) is { } current
                    ? new AppointmentChangeResult(transition.WhyNot(current.Status), current)
                    : new AppointmentChangeResult(AppointmentChangeOutcome.NotFound);
            return (result, write.Slot);
        }, deadline);

    /// <summary>
    /// Moves the appointment from <paramref name="fromSlotId"/> to <paramref name="toSlotId"/>: <c>booking_reschedule</c> in one
    /// SERIALIZABLE batch (BEGIN, the call, COMMIT), which locks both slot rows (the smaller id first), then the appointment. Answers
    /// with the outcome and the target slot as it now stands (null when there is no such slot, or when a writer that bypassed the
    /// row locks made the move fail on the unique index: then nothing is known of it).
    /// </summary>
    public Task<(RescheduleResult Result, SlotState? Target)> RescheduleAsync(Guid appointmentId, Guid fromSlotId, Guid toSlotId, DateTimeOffset deadline) =>
        database.WriteAsync<(RescheduleResult, SlotState?)>(async (connection, now) =>
        {
            try
            {
                var write = await SerializableAsync(connection, RescheduleSql,
                    Param("id", appointmentId), Param("from_slot_id", fromSlotId), Param("to_slot_id", toSlotId), Param("now", now));
                var outcome = write.Outcome switch
                {
                    "RESCHEDULED" => RescheduleOutcome.Rescheduled,
                    "SLOT_TAKEN" => RescheduleOutcome.SlotTaken,
                    "SLOT_NOT_FOUND" => RescheduleOutcome.SlotNotFound,
                    "SLOT_IN_PAST" => RescheduleOutcome.SlotInPast,
                    "SAME_SLOT" => RescheduleOutcome.SameSlot,
                    "NOT_APPLICABLE" => write.Appointment!.AsSeenAt(now).Status == AppointmentStatus.Cancelled
                        ? RescheduleOutcome.Cancelled
                        : RescheduleOutcome.HoldExpired,
                    _ => RescheduleOutcome.NotFound,
                };
                return (new RescheduleResult(outcome, write.Appointment?.AsSeenAt(now)), write.Slot);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == OneActiveAppointmentPerSlot)
            {
                // An active appointment the target's row does not know of (written by a second activation of its grain).
                return (new RescheduleResult(RescheduleOutcome.SlotTaken), null);
            }
        }, deadline);

    /// <summary>Deletes the slot (and its past appointments) unless an unexpired hold or a confirmed appointment holds it; answers with the slot as it was.</summary>
    public Task<(DeleteOutcome Outcome, SlotState? Slot)> DeleteAsync(Guid slotId) =>
        database.WriteAsync(async (connection, now) =>
        {
            await using var command = new NpgsqlCommand(DeleteSql, connection) { Parameters = { Param("slot_id", slotId), Param("now", now) } };
            await using var reader = await command.ExecuteReaderAsync();
            var write = await ReadWriteAsync(reader);
            return (write.Outcome switch
            {
                "DELETED" => DeleteOutcome.Deleted,
                "HELD" => DeleteOutcome.HasActiveAppointment,
                _ => DeleteOutcome.NotFound,
            }, write.Slot);
        }, DateTimeOffset.MaxValue);

    /// <summary>
    /// Sends <paramref name="sql"/> (a call of a booking function) as one SERIALIZABLE transaction in a single exchange: BEGIN, the
    /// call and COMMIT in one batch. Answers with the function's row, which only a successful commit makes true.
    /// </summary>
    private static async Task<SlotWrite> SerializableAsync(NpgsqlConnection connection, string sql, params NpgsqlParameter[] parameters)
    {
        var call = new NpgsqlBatchCommand(sql);
        call.Parameters.AddRange(parameters);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL SERIALIZABLE"), call, new NpgsqlBatchCommand("COMMIT") },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        return await ReadWriteAsync(reader);
    }

    /// <summary>
    /// Reads the one row a booking function answers, then the rest of the exchange: in a booking's batch the COMMIT
    /// answers after the row, and only a commit that succeeded makes the row true (a failed one throws here).
    /// </summary>
    private static async Task<SlotWrite> ReadWriteAsync(NpgsqlDataReader reader)
    {
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("A booking function returned no row.");
        }

        var write = ReadWrite(reader);
        while (await reader.NextResultAsync())
        {
        }

        return write;
    }

    /// <summary>A row of type <c>booking_slot_write</c>: outcome, the slot's 8 columns from ordinal 1, the appointment's 14 from 9.</summary>
    private static SlotWrite ReadWrite(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.IsDBNull(1) ? null : ReadSlot(r, 1),
        r.IsDBNull(9) ? null : ReadAppointment(r, 9));

    private static SlotState ReadSlot(NpgsqlDataReader r, int first) => new(
        DoctorId: r.GetGuid(first),
        Date: r.GetFieldValue<DateOnly>(first + 1),
        Time: r.GetFieldValue<TimeOnly>(first + 2),
        DurationMinutes: r.GetInt32(first + 3),
        CreatedAt: r.GetFieldValue<DateTimeOffset>(first + 4),
        TimeZone: r.GetString(first + 5),
        HeldBy: r.IsDBNull(first + 6) ? null : r.GetGuid(first + 6),
        HoldExpiresAt: r.IsDBNull(first + 7) ? null : r.GetFieldValue<DateTimeOffset>(first + 7));

    private sealed record SlotWrite(string Outcome, SlotState? Slot, Appointment? Appointment);
}

/// <summary>What the booking transaction did: the outcome, the slot as it now stands (null when there is none) and, when booked, the new appointment.</summary>
public sealed record BookAttempt(BookingOutcome Outcome, SlotState? Slot, Appointment? Appointment);
