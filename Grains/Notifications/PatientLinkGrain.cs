using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Notifications;

/// <summary>"My appointments" sign-in links: made on request (when the address has appointments), used up once.</summary>
[StatelessWorker]
public sealed class PatientLinkGrain(
    PatientLinkStore store, NotificationLinks links, IOptions<NotificationOptions> options, IOptions<SmtpOptions> smtp, TimeProvider clock,
    ILogger<PatientLinkGrain> logger) : Grain, IPatientLinkGrain
{
    public async Task RequestLinkAsync(string email, CancellationToken cancellationToken = default)
    {
        if (!smtp.Value.Enabled || !links.CanMakeLinks)
        {
            logger.LogWarning("A sign-in link was asked for, but this silo cannot send one (no SMTP host or no signing key)");
            return;
        }

        var now = clock.GetUtcNow();
        if (await store.CreateAsync(email, now, now + options.Value.SignInLinkLifetime, options.Value.SignInLinksPerHour, cancellationToken))
        {
            logger.LogInformation("A sign-in link was queued");
        }
    }

    public Task<PatientAppointments?> RedeemAsync(Guid linkId, CancellationToken cancellationToken = default) =>
        store.RedeemAsync(linkId, clock.GetUtcNow(), cancellationToken);
}

/// <summary>The SQL of sign-in links.</summary>
public sealed class PatientLinkStore(BookingDatabase database)
{
    // One statement: a link (and its e-mail) only for an address that has appointments and has not had its hourly
    // share of links; otherwise nothing. The caller answers the same either way.
    private const string CreateSql = """
        WITH known AS (
            SELECT 1 FROM appointments WHERE lower(patient_email) = lower(@email) LIMIT 1
        ), recent AS (
            SELECT count(*) AS n FROM sign_in_links WHERE lower(email) = lower(@email) AND created_at > @now - interval '1 hour'
        ), link AS (
            INSERT INTO sign_in_links (id, email, created_at, expires_at)
            SELECT @id, @email, @now, @expires_at FROM recent WHERE recent.n < @per_hour AND EXISTS (SELECT 1 FROM known)
            RETURNING id
        )
        INSERT INTO notification_deliveries (dedupe_key, channel, kind, link_id, next_attempt_at, created_at)
        SELECT 'email:sign-in:' || id, 'email', @kind, id, @now, @now FROM link
        """;

    private const string UseSql = """
        UPDATE sign_in_links SET used_at = @now
        WHERE id = @id AND used_at IS NULL AND expires_at > @now
        RETURNING email
        """;

    private const string AppointmentsSql = $"""
        SELECT x.*, s.starts_at, d.name AS doctor_name, d.time_zone
        FROM (SELECT {AppointmentColumns} FROM appointments WHERE lower(patient_email) = lower(@email)) x
        JOIN slots s ON s.id = x.slot_id
        JOIN doctors d ON d.id = x.doctor_id
        ORDER BY s.starts_at DESC
        LIMIT 200
        """;

    /// <summary>True when a link was made and its e-mail queued.</summary>
    public Task<bool> CreateAsync(string email, DateTimeOffset now, DateTimeOffset expiresAt, int perHour, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(CreateSql, connection)
            {
                Parameters =
                {
                    Param("id", Guid.NewGuid()),
                    Param("email", email),
                    Param("now", now),
                    Param("expires_at", expiresAt),
                    Param("per_hour", (long)perHour),
                    Param("kind", MailKinds.SignInLink),
                },
            };
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);

    /// <summary>Uses the link up and lists its address's appointments; null when the link is unknown, used or expired.</summary>
    public Task<PatientAppointments?> RedeemAsync(Guid linkId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var use = new NpgsqlCommand(UseSql, connection) { Parameters = { Param("id", linkId), Param("now", now) } };
            if (await use.ExecuteScalarAsync(ct) is not string email)
            {
                return null;
            }

            await using var list = new NpgsqlCommand(AppointmentsSql, connection) { Parameters = { Param("email", email) } };
            await using var reader = await list.ExecuteReaderAsync(ct);
            var items = await reader.ReadAllAsync(r => new PatientAppointment(
                ReadAppointment(r).AsSeenAt(now),
                r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("starts_at")),
                r.GetString(r.GetOrdinal("doctor_name")),
                r.GetString(r.GetOrdinal("time_zone"))), ct);
            return new PatientAppointments(email, items);
        }, cancellationToken);
}
