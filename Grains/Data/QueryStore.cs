using Booking.Grains.Interfaces;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>The read-only SQL behind the query grain (lists and searches) and the expiry sweep.</summary>
public sealed class QueryStore(BookingDatabase database)
{
    private const string DoctorsSql = $"""
        SELECT {DoctorColumns} FROM doctors
        WHERE (@specialization::text IS NULL OR lower(specialization) = lower(@specialization))
          AND (@name::text IS NULL OR strpos(lower(name), lower(@name)) > 0)
        ORDER BY name, id
        LIMIT 500
        """;

    // Availability is computed, not read from slots.is_available: a lapsed hold frees its slot at
    // expires_at even before the expiry has been written, and a slot in the past cannot be booked.
    private const string SlotsSql = """
        SELECT * FROM (
            SELECT s.id, s.doctor_id, s.date, s.time, s.duration_minutes, s.created_at,
                   s.starts_at > @now
                   AND (s.held_by IS NULL OR coalesce(s.hold_expires_at <= @now, false)) AS is_available
            FROM slots s
            WHERE (@doctor_id::uuid IS NULL OR s.doctor_id = @doctor_id)
              AND (@date::date IS NULL OR s.date = @date)
        ) listed
        WHERE @include_unavailable OR is_available
        ORDER BY date, time, doctor_id
        LIMIT 1000
        """;

    // One index range scan per doctor (slots by doctor_id, starts_at), stopping at the first free slot.
    private const string NextFreeSlotsSql = """
        SELECT s.id, s.doctor_id, s.date, s.time, s.duration_minutes, s.created_at, true
        FROM doctors d
        CROSS JOIN LATERAL (
            SELECT * FROM slots s
            WHERE s.doctor_id = d.id
              AND s.starts_at > @now
              AND (s.held_by IS NULL OR coalesce(s.hold_expires_at <= @now, false))
            ORDER BY s.starts_at
            LIMIT 1
        ) s
        WHERE d.id = ANY(@doctor_ids)
        """;

    // The status filter uses the status a client sees: a lapsed PENDING hold counts as EXPIRED.
    private const string AppointmentsSql = $"""
        SELECT {AppointmentColumns} FROM appointments
        WHERE (@status::text IS NULL
               OR (CASE WHEN status = 'PENDING' AND expires_at <= @now THEN 'EXPIRED' ELSE status END) = @status)
          AND (@doctor_id::uuid IS NULL OR doctor_id = @doctor_id)
          AND (@date::date IS NULL OR appointment_date = @date)
          AND (@patient_email::text IS NULL OR lower(patient_email) = lower(@patient_email))
          AND (@after_created::timestamptz IS NULL OR (created_at, id) < (@after_created, @after_id))
        ORDER BY created_at DESC, id DESC
        LIMIT @limit
        """;

    // The partial index idx_appointments_pending_expiry answers this without touching settled appointments.
    private const string LapsedHoldsSql = """
        SELECT id, slot_id FROM appointments
        WHERE status = 'PENDING' AND expires_at <= @before
        ORDER BY expires_at
        LIMIT @limit
        """;

    public Task<IReadOnlyList<Doctor>> ListDoctorsAsync(DoctorQuery query, CancellationToken cancellationToken) =>
        database.QueryAsync(DoctorsSql, ReadDoctor, cancellationToken, Param("specialization", query.Specialization), Param("name", query.NameContains));

    public Task<IReadOnlyList<Slot>> ListSlotsAsync(SlotQuery query, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.QueryAsync(
            SlotsSql,
            ReadSlot,
            cancellationToken,
            Param("doctor_id", query.DoctorId),
            Param("date", query.Date),
            Param("include_unavailable", query.IncludeUnavailable),
            Param("now", now));

    public Task<IReadOnlyList<Slot>> NextFreeSlotsAsync(IReadOnlyList<Guid> doctorIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.QueryAsync(NextFreeSlotsSql, ReadSlot, cancellationToken, Param("doctor_ids", doctorIds.ToArray()), Param("now", now));

    public async Task<AppointmentPage> ListAppointmentsAsync(AppointmentQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One row more than the page tells whether a next page exists.
        var rows = await database.QueryAsync(
            AppointmentsSql,
            ReadAppointment,
            cancellationToken,
            Param("status", query.Status is { } status ? StatusToDb(status) : null),
            Param("doctor_id", query.DoctorId),
            Param("date", query.Date),
            Param("patient_email", query.PatientEmail),
            Param("after_created", query.After?.CreatedAt),
            Param("after_id", query.After?.Id ?? Guid.Empty),
            Param("limit", query.Limit + 1),
            Param("now", now));
        var page = rows.Take(query.Limit).Select(a => a.AsSeenAt(now)).ToList();
        var next = rows.Count > query.Limit ? new AppointmentCursor(page[^1].CreatedAt, page[^1].Id) : null;
        return new AppointmentPage(page, next);
    }

    /// <summary>PENDING holds whose time ended at or before <paramref name="before"/>, oldest first.</summary>
    public Task<IReadOnlyList<LapsedHold>> LapsedHoldsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        database.QueryAsync(LapsedHoldsSql, r => new LapsedHold(r.GetGuid(0), r.GetGuid(1)), cancellationToken, Param("before", before), Param("limit", limit));

    public Task<IReadOnlyList<int>> PingAsync(CancellationToken cancellationToken) =>
        database.QueryAsync("SELECT 1", r => r.GetInt32(0), cancellationToken);

    private static Slot ReadSlot(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateOnly>(2), r.GetFieldValue<TimeOnly>(3), r.GetInt32(4), r.GetBoolean(6), r.GetFieldValue<DateTimeOffset>(5));
}

/// <summary>A PENDING hold past its time: the appointment and its slot.</summary>
public sealed record LapsedHold(Guid AppointmentId, Guid SlotId);
