using Booking.Grains.Interfaces;
using Npgsql;

namespace Booking.Grains.Data;

/// <summary>How domain rows and values map between PostgreSQL and the grain contracts.</summary>
internal static class Rows
{
    /// <summary>The columns every appointment query selects, in the order <see cref="ReadAppointment(NpgsqlDataReader, int)"/> reads them.</summary>
    public const string AppointmentColumns =
        "id, slot_id, doctor_id, patient_name, patient_email, patient_phone, reason, " +
        "appointment_date, appointment_time, status, created_at, expires_at, updated_at, cancellation_reason";

    /// <summary>The columns every doctor query selects, in the order <see cref="ReadDoctor"/> reads them.</summary>
    public const string DoctorColumns =
        "id, name, specialization, email, phone, experience_years, bio, clinic_name, time_zone, created_at, updated_at";

    public static Appointment ReadAppointment(NpgsqlDataReader r) => ReadAppointment(r, 0);

    /// <summary>An appointment whose <see cref="AppointmentColumns"/> start at ordinal <paramref name="first"/>.</summary>
    public static Appointment ReadAppointment(NpgsqlDataReader r, int first) => new(
        Id: r.GetGuid(first),
        SlotId: r.GetGuid(first + 1),
        DoctorId: r.GetGuid(first + 2),
        Patient: new PatientDetails(r.GetString(first + 3), r.GetString(first + 4), r.GetString(first + 5), r.IsDBNull(first + 6) ? null : r.GetString(first + 6)),
        Date: r.GetFieldValue<DateOnly>(first + 7),
        Time: r.GetFieldValue<TimeOnly>(first + 8),
        Status: StatusFromDb(r.GetString(first + 9)),
        CreatedAt: r.GetFieldValue<DateTimeOffset>(first + 10),
        ExpiresAt: r.IsDBNull(first + 11) ? null : r.GetFieldValue<DateTimeOffset>(first + 11),
        UpdatedAt: r.GetFieldValue<DateTimeOffset>(first + 12),
        CancellationReason: r.IsDBNull(first + 13) ? null : r.GetString(first + 13));

    public static Doctor ReadDoctor(NpgsqlDataReader r) => new(
        Id: r.GetGuid(0),
        Profile: new DoctorProfile(
            Name: r.GetString(1),
            Specialization: r.GetString(2),
            Email: r.GetString(3),
            Phone: r.GetString(4),
            ExperienceYears: r.IsDBNull(5) ? null : r.GetInt32(5),
            Bio: r.IsDBNull(6) ? null : r.GetString(6),
            ClinicName: r.IsDBNull(7) ? null : r.GetString(7),
            TimeZone: r.GetString(8)),
        CreatedAt: r.GetFieldValue<DateTimeOffset>(9),
        UpdatedAt: r.GetFieldValue<DateTimeOffset>(10));

    public static string StatusToDb(AppointmentStatus status) => status.ToString().ToUpperInvariant();

    public static AppointmentStatus StatusFromDb(string status) => Enum.Parse<AppointmentStatus>(status, ignoreCase: true);

    /// <summary>A named parameter; null becomes SQL NULL.</summary>
    public static NpgsqlParameter Param(string name, object? value) => new(name, value ?? DBNull.Value);

    /// <summary>A text parameter that keeps its type when null, so that a function call still resolves.</summary>
    public static NpgsqlParameter TextParam(string name, string? value) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    /// <summary>Runs one query and reads every row it answers with <paramref name="read"/>.</summary>
    public static Task<IReadOnlyList<T>> QueryAsync<T>(
        this BookingDatabase database, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        database.RunAsync<IReadOnlyList<T>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAllAsync(read, ct);
        }, cancellationToken);

    /// <summary>Reads every row of the current result set with <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this NpgsqlDataReader reader, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken = default)
    {
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return items;
    }
}
