using Booking.Grains.Interfaces;
using Npgsql;
using System.Data;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>The SQL behind <see cref="DoctorGrain"/>: a doctor's profile, deletion and slot publishing.</summary>
public sealed class DoctorStore(BookingDatabase database)
{
    private const string EmailConstraint = "doctors_email_key";
    private const string SlotTimeConstraint = "slots_doctor_id_date_time_key";
    private const string NoOverlapConstraint = "slots_no_overlap";

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

    // Every slot of the doctor whose [starts_at, ends_at) meets one of the wanted ranges, also those the
    // constraint exempts (overlaps from before it existed). Slots last at most 480 minutes, which bounds
    // the index range on (doctor_id, starts_at).
    private const string OverlappingSlotsSql = $"""
        SELECT {ConflictColumns} FROM slots s
        WHERE s.doctor_id = @doctor_id
          AND s.starts_at > @first_start - interval '480 minutes' AND s.starts_at < @last_end
          AND EXISTS (SELECT 1 FROM unnest(@starts, @ends) AS wanted(starts_at, ends_at)
                      WHERE s.starts_at < wanted.ends_at AND wanted.starts_at < s.ends_at)
        ORDER BY s.starts_at, s.id
        """;

    private const string InsertSlotsSql = """
        INSERT INTO slots (id, doctor_id, date, time, duration_minutes, starts_at, ends_at, generated, is_available, created_at, updated_at)
        SELECT new.id, @doctor_id, new.date, new.time, new.duration_minutes, new.starts_at, new.ends_at, @generated, true, @now, @now
        FROM unnest(@ids, @dates, @times, @durations, @starts, @ends) AS new(id, date, time, duration_minutes, starts_at, ends_at)
        RETURNING id, date, time, duration_minutes, created_at
        """;

    private const string SlotsOfDoctorSql = $"SELECT {ConflictColumns}, s.overlap_exempt FROM slots s WHERE s.doctor_id = @doctor_id";

    private const string MoveSlotsSql = """
        UPDATE slots s SET starts_at = moved.starts_at, ends_at = moved.ends_at
        FROM unnest(@ids, @starts, @ends) AS moved(id, starts_at, ends_at)
        WHERE s.id = moved.id
        """;

    private const string ConflictColumns = "s.id, s.date, s.time, s.duration_minutes, s.starts_at, s.ends_at";

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
            await using var command = ProfileCommand(isNew ? InsertSql : UpdateSql, connection, null, id, profile, now);
            try
            {
                return await ReadSavedAsync(command, ct);
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

    /// <summary>
    /// Updates the doctor with a new time zone and moves every slot's <c>starts_at</c>/<c>ends_at</c> to its local
    /// date and time in that zone, in one transaction. When the moved slots would overlap (a local time the new zone
    /// skips lands on another slot), nothing changes and the slots are named. Saved: every slot as it was moved.
    /// </summary>
    public Task<(DoctorWriteResult Result, IReadOnlyList<SlotConflict> Moved)> UpdateWithTimeZoneAsync(Guid id, DoctorProfile profile, DateTimeOffset now) =>
        database.TransactionAsync<(DoctorWriteResult, IReadOnlyList<SlotConflict>)>(IsolationLevel.ReadCommitted, async (connection, transaction) =>
        {
            List<(SlotConflict Slot, bool Exempt)> slots;
            await using (var read = new NpgsqlCommand(SlotsOfDoctorSql, connection, transaction) { Parameters = { Param("doctor_id", id) } })
            {
                await using var reader = await read.ExecuteReaderAsync();
                slots = await reader.ReadAllAsync(r => (ReadConflict(r), r.GetBoolean(6)));
            }

            var moved = slots.Select(s =>
            {
                var starts = Clock.ToInstant(s.Slot.Date, s.Slot.Time, profile.TimeZone).ToUniversalTime();
                return (Slot: s.Slot with { StartsAt = starts, EndsAt = starts.AddMinutes(s.Slot.DurationMinutes) }, s.Exempt);
            }).ToList();
            var checkedSlots = moved.Where(s => !s.Exempt).Select(s => s.Slot).ToList();
            if (Overlapping(checkedSlots, s => s.StartsAt, s => s.EndsAt) is { Count: > 0 } conflicts)
            {
                return (new DoctorWriteResult(DoctorWriteOutcome.SlotOverlap, Conflicts: conflicts), []);
            }

            await transaction.SaveAsync("profile");
            DoctorWriteResult result;
            await using (var update = ProfileCommand(UpdateSql, connection, transaction, id, profile, now))
            {
                try
                {
                    result = await ReadSavedAsync(update, CancellationToken.None);
                }
                catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: EmailConstraint })
                {
                    await transaction.RollbackAsync("profile");
                    return (new DoctorWriteResult(DoctorWriteOutcome.DuplicateEmail), []);
                }
            }

            if (result.Outcome == DoctorWriteOutcome.Saved)
            {
                await using var move = new NpgsqlCommand(MoveSlotsSql, connection, transaction)
                {
                    Parameters =
                    {
                        Param("ids", moved.Select(s => s.Slot.Id).ToArray()),
                        Param("starts", moved.Select(s => s.Slot.StartsAt).ToArray()),
                        Param("ends", moved.Select(s => s.Slot.EndsAt).ToArray()),
                    },
                };
                await move.ExecuteNonQueryAsync();
                return (result, moved.Select(s => s.Slot).ToList());
            }

            return (result, []);
        });

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

    /// <summary>
    /// Publishes all of <paramref name="slots"/> in one statement, or none: refused when one is at the date and time
    /// of an existing slot (duplicate) or overlaps one as instants. <paramref name="generated"/> marks slots made from working hours.
    /// </summary>
    public Task<AddSlotsResult> AddSlotsAsync(Guid doctorId, IReadOnlyList<PlannedSlot> slots, bool generated, DateTimeOffset now) =>
        database.RunAsync(async (connection, ct) =>
        {
            if (Overlapping(slots, s => s.StartsAt, s => s.EndsAt) is { Count: > 0 } amongThemselves)
            {
                return new AddSlotsResult(AddSlotsOutcome.Overlap, [], amongThemselves.Select(s => new SlotTime(s.Date, s.Time)).ToList(), []);
            }

            var dates = slots.Select(t => t.Date).ToArray();
            var times = slots.Select(t => t.Time).ToArray();
            await using (var check = new NpgsqlCommand(ExistingSlotsSql, connection)
            {
                Parameters = { Param("doctor_id", doctorId), Param("dates", dates), Param("times", times) },
            })
            {
                await using var reader = await check.ExecuteReaderAsync(ct);
                var existing = await reader.ReadAllAsync(r => new SlotTime(r.GetFieldValue<DateOnly>(0), r.GetFieldValue<TimeOnly>(1)), ct);
                if (existing.Count > 0)
                {
                    return new AddSlotsResult(AddSlotsOutcome.Duplicate, [], existing);
                }
            }

            if (await OverlapsAsync(connection, doctorId, slots, ct) is { Outcome: AddSlotsOutcome.Overlap } overlap)
            {
                return overlap;
            }

            await using var insert = new NpgsqlCommand(InsertSlotsSql, connection)
            {
                Parameters =
                {
                    Param("doctor_id", doctorId),
                    Param("ids", slots.Select(_ => Guid.CreateVersion7(now)).ToArray()),
                    Param("dates", dates),
                    Param("times", times),
                    Param("durations", slots.Select(s => s.DurationMinutes).ToArray()),
                    Param("starts", slots.Select(s => s.StartsAt.ToUniversalTime()).ToArray()),
                    Param("ends", slots.Select(s => s.EndsAt.ToUniversalTime()).ToArray()),
                    Param("generated", generated),
                    Param("now", now),
                },
            };
            try
            {
                await using var inserted = await insert.ExecuteReaderAsync(ct);
                var created = await inserted.ReadAllAsync(r => new Slot(
                    r.GetGuid(0), doctorId, r.GetFieldValue<DateOnly>(1), r.GetFieldValue<TimeOnly>(2), r.GetInt32(3), IsAvailable: true, r.GetFieldValue<DateTimeOffset>(4)), ct);
                return new AddSlotsResult(AddSlotsOutcome.Created, created.OrderBy(s => s.Date).ThenBy(s => s.Time).ToList(), []);
            }
            catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: SlotTimeConstraint })
            {
                // Published by another writer between the check and the insert; the statement inserted nothing.
                return new AddSlotsResult(AddSlotsOutcome.Duplicate, [], []);
            }
            catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: NoOverlapConstraint })
            {
                // Published by another writer between the check and the insert: name what overlaps now.
                return await OverlapsAsync(connection, doctorId, slots, ct) ?? new AddSlotsResult(AddSlotsOutcome.Overlap, [], [], []);
            }
        }, CancellationToken.None);

    /// <summary>The existing slots that <paramref name="slots"/> overlap, as an <see cref="AddSlotsOutcome.Overlap"/> result, or null when none does.</summary>
    private static async Task<AddSlotsResult?> OverlapsAsync(NpgsqlConnection connection, Guid doctorId, IReadOnlyList<PlannedSlot> slots, CancellationToken ct)
    {
        if (slots.Count == 0)
        {
            return null;
        }

        await using var command = new NpgsqlCommand(OverlappingSlotsSql, connection)
        {
            Parameters =
            {
                Param("doctor_id", doctorId),
                Param("first_start", slots.Min(s => s.StartsAt).ToUniversalTime()),
                Param("last_end", slots.Max(s => s.EndsAt).ToUniversalTime()),
                Param("starts", slots.Select(s => s.StartsAt.ToUniversalTime()).ToArray()),
                Param("ends", slots.Select(s => s.EndsAt.ToUniversalTime()).ToArray()),
            },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        var conflicts = await reader.ReadAllAsync(ReadConflict, ct);
        if (conflicts.Count == 0)
        {
            return null;
        }

        var rejected = slots.Where(s => conflicts.Any(c => c.StartsAt < s.EndsAt && s.StartsAt < c.EndsAt)).Select(s => new SlotTime(s.Date, s.Time)).ToList();
        return new AddSlotsResult(AddSlotsOutcome.Overlap, [], rejected, conflicts);
    }

    /// <summary>Every one of <paramref name="items"/> whose [start, end) overlaps another one's, in time order.</summary>
    public static List<T> Overlapping<T>(IReadOnlyList<T> items, Func<T, DateTimeOffset> starts, Func<T, DateTimeOffset> ends)
    {
        var ordered = items.OrderBy(starts).ThenBy(ends).ToList();
        var overlapping = new SortedSet<int>();
        for (var i = 0; i < ordered.Count; i++)
        {
            for (var j = i + 1; j < ordered.Count && starts(ordered[j]) < ends(ordered[i]); j++)
            {
                overlapping.Add(i);
                overlapping.Add(j);
            }
        }

        return overlapping.Select(i => ordered[i]).ToList();
    }

    private static SlotConflict ReadConflict(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetFieldValue<DateOnly>(1), r.GetFieldValue<TimeOnly>(2), r.GetInt32(3),
        r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5));

    private static NpgsqlCommand ProfileCommand(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, DoctorProfile profile, DateTimeOffset now) =>
        new(sql, connection, transaction)
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

    private static async Task<DoctorWriteResult> ReadSavedAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new DoctorWriteResult(DoctorWriteOutcome.Saved, ReadDoctor(reader))
            : new DoctorWriteResult(DoctorWriteOutcome.NotFound);
    }
}
