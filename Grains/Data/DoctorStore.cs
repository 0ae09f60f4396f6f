using Booking.Grains.Interfaces;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>The SQL behind <see cref="DoctorGrain"/>: a doctor's profile, deletion and slot publishing.</summary>
public sealed class DoctorStore(BookingDatabase database)
{
    private const string EmailConstraint = "doctors_email_key";
    private const string SlotTimeConstraint = "slots_doctor_id_date_time_key";

    private const string LoadSql = $"SELECT {DoctorColumns} FROM doctors WHERE id = @id";

    private const string InsertSql = $"""
        INSERT INTO doctors (id, name, specialization, email, phone, experience_years, bio, clinic_name, time_zone, created_at, updated_at)
        VALUES (@id, @name, @specialization, @email, @phone, @experience_years, @bio, @clinic_name, @time_zone, @now, @now)
        RETURNING {DoctorColumns}
        """;

    private const string UpdateSql = $"""
        UPDATE doctors SET name = @name, specialization = @specialization, email = @email, phone = @phone,
                           experience_years = @experience_years, bio = @bio, clinic_name = @clinic_name,
                           time_zone = @time_zone, updated_at = @now
        WHERE id = @id
        RETURNING {DoctorColumns}
        """;

    // Locks the doctor and every slot row, the same rows a booking locks first, so a delete and a
    // booking of one of its slots are ordered by the database; lapsed holds do not count as active.
    private const string LockForDeleteSql = """
        SELECT 1 FROM doctors WHERE id = @id FOR UPDATE;
        SELECT 1 FROM slots WHERE doctor_id = @id FOR UPDATE;
        SELECT count(*) FROM appointments
        WHERE doctor_id = @id AND (status = 'CONFIRMED' OR (status = 'PENDING' AND expires_at > @now));
        """;

    private const string DeleteSql = "DELETE FROM doctors WHERE id = @id";

    private const string ExistingSlotsSql = """
        SELECT s.date, s.time FROM slots s
        JOIN unnest(@dates, @times) AS wanted(date, time) ON wanted.date = s.date AND wanted.time = s.time
        WHERE s.doctor_id = @doctor_id
        ORDER BY s.date, s.time
        """;

    private const string InsertSlotsSql = """
        INSERT INTO slots (id, doctor_id, date, time, duration_minutes, is_available, created_at, updated_at)
        SELECT new.id, @doctor_id, new.date, new.time, @duration_minutes, true, @now, @now
        FROM unnest(@ids, @dates, @times) AS new(id, date, time)
        RETURNING id, date, time, created_at
        """;

    public Task<Doctor?> LoadAsync(Guid id, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(LoadSql, connection) { Parameters = { Param("id", id) } };
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ReadDoctor(reader) : null;
        }, cancellationToken);

    /// <summary>Inserts (<paramref name="isNew"/>) or updates the doctor; a taken email is reported, not thrown.</summary>
    public Task<DoctorWriteResult> SaveAsync(Guid id, DoctorProfile profile, bool isNew, DateTimeOffset now) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(isNew ? InsertSql : UpdateSql, connection)
            {
                Parameters =
                {
                    Param("id", id),
                    Param("name", profile.Name),
                    Param("specialization", profile.Specialization),
                    Param("email", profile.Email),
                    Param("phone", profile.Phone),
                    Param("experience_years", profile.ExperienceYears),
                    Param("bio", profile.Bio),
                    Param("clinic_name", profile.ClinicName),
                    Param("time_zone", profile.TimeZone),
                    Param("now", now),
                },
            };
            try
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await reader.ReadAsync(ct)
                    ? new DoctorWriteResult(DoctorWriteOutcome.Saved, ReadDoctor(reader))
                    : new DoctorWriteResult(DoctorWriteOutcome.NotFound);
            }
            catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: EmailConstraint })
            {
                return new DoctorWriteResult(DoctorWriteOutcome.DuplicateEmail);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && isNew)
            {
                return new DoctorWriteResult(DoctorWriteOutcome.AlreadyExists);
            }
        }, CancellationToken.None);

    /// <summary>Deletes the doctor with its slots and their past appointments, unless an appointment is still active.</summary>
    public Task<DeleteOutcome> DeleteAsync(Guid id, DateTimeOffset now) =>
        database.SerializableAsync(async (connection, transaction) =>
        {
            await using (var command = new NpgsqlCommand(LockForDeleteSql, connection, transaction)
            {
                Parameters = { Param("id", id), Param("now", now) },
            })
            {
                await using var reader = await command.ExecuteReaderAsync();
                if (!await reader.ReadAsync())
                {
                    return DeleteOutcome.NotFound;
                }

                await reader.NextResultAsync();
                await reader.NextResultAsync();
                await reader.ReadAsync();
                if (reader.GetInt64(0) > 0)
                {
                    return DeleteOutcome.HasActiveAppointment;
                }
            }

            await using var delete = new NpgsqlCommand(DeleteSql, connection, transaction) { Parameters = { Param("id", id) } };
            await delete.ExecuteNonQueryAsync();
            return DeleteOutcome.Deleted;
        });

    /// <summary>Publishes all of <paramref name="times"/> in one statement, or none when any already exists.</summary>
    public Task<AddSlotsResult> AddSlotsAsync(Guid doctorId, IReadOnlyList<SlotTime> times, int durationMinutes, DateTimeOffset now) =>
        database.RunAsync(async (connection, ct) =>
        {
            var dates = times.Select(t => t.Date).ToArray();
            var clockTimes = times.Select(t => t.Time).ToArray();
            await using (var check = new NpgsqlCommand(ExistingSlotsSql, connection)
            {
                Parameters = { Param("doctor_id", doctorId), Param("dates", dates), Param("times", clockTimes) },
            })
            {
                await using var reader = await check.ExecuteReaderAsync(ct);
                var existing = await reader.ReadAllAsync(r => new SlotTime(r.GetFieldValue<DateOnly>(0), r.GetFieldValue<TimeOnly>(1)), ct);
                if (existing.Count > 0)
                {
                    return new AddSlotsResult(AddSlotsOutcome.Duplicate, [], existing);
                }
            }

            await using var insert = new NpgsqlCommand(InsertSlotsSql, connection)
            {
                Parameters =
                {
                    Param("doctor_id", doctorId),
                    Param("ids", times.Select(_ => Guid.CreateVersion7(now)).ToArray()),
                    Param("dates", dates),
                    Param("times", clockTimes),
                    Param("duration_minutes", durationMinutes),
                    Param("now", now),
                },
            };
            try
            {
                await using var inserted = await insert.ExecuteReaderAsync(ct);
                var created = await inserted.ReadAllAsync(r => new Slot(
                    r.GetGuid(0), doctorId, r.GetFieldValue<DateOnly>(1), r.GetFieldValue<TimeOnly>(2), durationMinutes, IsAvailable: true, r.GetFieldValue<DateTimeOffset>(3)), ct);
                return new AddSlotsResult(AddSlotsOutcome.Created, created.OrderBy(s => s.Date).ThenBy(s => s.Time).ToList(), []);
            }
            catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: SlotTimeConstraint })
            {
                // Published by another writer between the check and the insert; the statement inserted nothing.
                return new AddSlotsResult(AddSlotsOutcome.Duplicate, [], []);
            }
        }, CancellationToken.None);
}
