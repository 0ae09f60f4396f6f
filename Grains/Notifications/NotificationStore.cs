using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Notifications;

/// <summary>
/// The SQL of the outbox: turning appointment events into deliveries, claiming due deliveries with a lease,
/// loading what they need in one round trip, and recording how they went. Every statement runs on its own at
/// READ COMMITTED, never inside a booking's transaction, and touches many rows at once.
/// </summary>
public sealed class NotificationStore(BookingDatabase database)
{
    // One statement per batch, whatever the events: claim the oldest undispatched events (a row another
    // dispatcher holds is skipped, not waited for), make the deliveries their rules and the subscribed webhook
    // endpoints ask for, and mark them dispatched. An event that makes nothing costs no further round trip.
    // ON CONFLICT keeps a fan-out idempotent should an event ever be claimed twice. A reschedule is the one event
    // that names the slot it moved to; its status does not change, so rules and event types tell it apart by that.
    private const string DispatchEventsSql = """
        WITH claimed AS (
            SELECT id, appointment_id, from_status, to_status, to_slot_id IS NOT NULL AS moved FROM appointment_events
            WHERE dispatched_at IS NULL
            ORDER BY id
            LIMIT @batch
            FOR UPDATE SKIP LOCKED
        ), mails AS (
            INSERT INTO notification_deliveries (dedupe_key, channel, kind, event_id, appointment_id, next_attempt_at, created_at)
            SELECT 'email:' || c.id || ':' || r.kind, 'email', r.kind, c.id, c.appointment_id, @now, @now
            FROM claimed c
            JOIN unnest(@rule_from::text[], @rule_to::text[], @rule_moved::boolean[], @rule_kind::text[]) AS r(from_status, to_status, moved, kind)
              ON c.to_status = r.to_status AND c.moved = r.moved AND (r.from_status IS NULL OR c.from_status = r.from_status)
            WHERE @email_enabled
            ON CONFLICT (dedupe_key) DO NOTHING
        ), hooks AS (
            INSERT INTO notification_deliveries (dedupe_key, channel, kind, event_id, appointment_id, endpoint_id, next_attempt_at, created_at)
            SELECT 'webhook:' || w.id || ':' || c.id, 'webhook', t.event_type, c.id, c.appointment_id, w.id, @now, @now
            FROM claimed c
            JOIN unnest(@hook_status::text[], @hook_moved::boolean[], @hook_event::text[]) AS t(status, moved, event_type)
              ON t.status = c.to_status AND t.moved = c.moved
            JOIN webhook_endpoints w ON t.event_type = ANY (w.events)
            ON CONFLICT (dedupe_key) DO NOTHING
        ), marked AS (
            UPDATE appointment_events e SET dispatched_at = @now FROM claimed c WHERE e.id = c.id
        )
        SELECT count(*) FROM claimed
        """;

    // The claim is the lease: next_attempt_at moves to the lease's end, so no other dispatcher takes the delivery
    // while this one works on it, and any dispatcher may once the lease has run out (its silo died).
    private const string ClaimDeliveriesSql = """
        WITH due AS (
            SELECT id FROM notification_deliveries
            WHERE status = 'PENDING' AND next_attempt_at <= @now AND (@email_enabled OR channel <> 'email')
            ORDER BY next_attempt_at, id
            LIMIT @batch
            FOR UPDATE SKIP LOCKED
        )
        UPDATE notification_deliveries d SET attempts = d.attempts + 1, next_attempt_at = @lease_until
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.dedupe_key, d.channel, d.kind, d.event_id, d.appointment_id, d.link_id, d.endpoint_id, d.attempts
        """;

    private const string AppointmentsSql = """
        SELECT a.id, a.slot_id, a.doctor_id, a.patient_name, a.patient_email, a.patient_phone, a.status,
               a.appointment_date, a.appointment_time, s.duration_minutes, d.name, d.clinic_name, d.time_zone
        FROM appointments a JOIN slots s ON s.id = a.slot_id JOIN doctors d ON d.id = a.doctor_id
        WHERE a.id = ANY (@ids)
        """;

    // With each event, how often its appointment had moved up to and including it: the SEQUENCE of its invitations.
    private const string EventsSql = """
        SELECT e.id, e.appointment_id, e.from_status, e.to_status, e.at, e.from_slot_id, e.to_slot_id,
               (SELECT count(*) FROM appointment_events m
                WHERE m.appointment_id = e.appointment_id AND m.id <= e.id AND m.to_slot_id IS NOT NULL)::int
        FROM appointment_events e WHERE e.id = ANY (@ids)
        """;

    // The slots the events' moves went from and to (a slot deleted since is simply missing).
    private const string MoveSlotsSql = """
        SELECT s.id, s.doctor_id, s.date, s.time, d.name, d.clinic_name, d.time_zone
        FROM slots s JOIN doctors d ON d.id = s.doctor_id
        WHERE s.id IN (SELECT from_slot_id FROM appointment_events WHERE id = ANY (@ids)
                       UNION SELECT to_slot_id FROM appointment_events WHERE id = ANY (@ids))
        """;

    private const string EndpointsSql = "SELECT id, url, secret, include_contact_data FROM webhook_endpoints WHERE id = ANY (@ids)";

    private const string LinksSql = "SELECT id, email, expires_at, used_at FROM sign_in_links WHERE id = ANY (@ids)";

    // Only a delivery still under this claim is recorded: had its lease run out and another silo taken it over,
    // that silo's attempt is the one that counts.
    private const string RecordOutcomesSql = """
        UPDATE notification_deliveries d
        SET status = o.status, next_attempt_at = o.next_attempt_at, last_error = o.error,
            finished_at = CASE WHEN o.status = 'PENDING' THEN NULL ELSE @now END
        FROM unnest(@ids::bigint[], @attempts::int[], @statuses::text[], @next::timestamptz[], @errors::text[])
             AS o(id, attempt, status, next_attempt_at, error)
        WHERE d.id = o.id AND d.attempts = o.attempt AND d.status = 'PENDING'
        """;

    // A claim is still this dispatcher's while the delivery is PENDING at the attempt it claimed: a silo that took it
    // over after the lease ran out has counted another attempt, and a recorded outcome has moved it on.
    private const string HandBackSql = """
        UPDATE notification_deliveries d SET next_attempt_at = @now
        FROM unnest(@ids::bigint[], @attempts::int[]) AS c(id, attempt)
        WHERE d.id = c.id AND d.attempts = c.attempt AND d.status = 'PENDING'
        """;

    private const string RecordAttemptsSql = """
        INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt, at, status_code, duration_ms, succeeded, error)
        SELECT * FROM unnest(@ids::bigint[], @endpoints::uuid[], @attempts::int[], @at::timestamptz[], @codes::int[],
                             @durations::int[], @succeeded::boolean[], @errors::text[])
        """;

    private const string StartsAtSql = """
        SELECT (a.appointment_date + a.appointment_time) AT TIME ZONE d.time_zone
        FROM appointments a JOIN doctors d ON d.id = a.doctor_id
        WHERE a.id = @id AND a.status = 'CONFIRMED'
        """;

    // The date and time are part of the key: the same appointment moved to another time gets a reminder of its own.
    private const string EnqueueReminderSql = """
        INSERT INTO notification_deliveries (dedupe_key, channel, kind, appointment_id, next_attempt_at, created_at)
        SELECT 'email:reminder:' || a.id || ':' || a.appointment_date || 'T' || a.appointment_time, 'email', @kind, a.id, @now, @now
        FROM appointments a JOIN doctors d ON d.id = a.doctor_id
        WHERE a.id = @id AND a.status = 'CONFIRMED' AND (a.appointment_date + a.appointment_time) AT TIME ZONE d.time_zone > @now
        ON CONFLICT (dedupe_key) DO NOTHING
        """;

    /// <summary>Turns up to <paramref name="batch"/> undispatched events into deliveries; the number of events taken.</summary>
    public Task<long> DispatchEventsAsync(int batch, bool emailEnabled, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            var rules = MailKinds.FromEvents;
            var hooks = Enum.GetValues<AppointmentStatus>().SelectMany(status => new[] { (Status: status, Moved: false), (Status: status, Moved: true) }).ToList();
            await using var command = new NpgsqlCommand(DispatchEventsSql, connection)
            {
                Parameters =
                {
                    Param("batch", batch),
                    Param("now", now),
                    Param("email_enabled", emailEnabled),
                    Param("rule_from", rules.Select(r => r.From is { } from ? StatusToDb(from) : null).ToArray()),
                    Param("rule_to", rules.Select(r => StatusToDb(r.To)).ToArray()),
                    Param("rule_moved", rules.Select(r => r.Moved).ToArray()),
                    Param("rule_kind", rules.Select(r => r.Kind).ToArray()),
                    Param("hook_status", hooks.Select(h => StatusToDb(h.Status)).ToArray()),
                    Param("hook_moved", hooks.Select(h => h.Moved).ToArray()),
                    Param("hook_event", hooks.Select(h => WebhookEvents.For(h.Status, h.Moved)).ToArray()),
                },
            };
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, cancellationToken);

    /// <summary>Claims up to <paramref name="batch"/> due deliveries until <paramref name="leaseUntil"/>, counting the attempt.</summary>
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDeliveriesAsync(
        int batch, bool emailEnabled, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<ClaimedDelivery>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(ClaimDeliveriesSql, connection)
            {
                Parameters = { Param("batch", batch), Param("now", now), Param("lease_until", leaseUntil), Param("email_enabled", emailEnabled) },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAllAsync(r => new ClaimedDelivery(
                Id: r.GetInt64(0),
                DedupeKey: r.GetString(1),
                Channel: r.GetString(2),
                Kind: r.GetString(3),
                EventId: r.IsDBNull(4) ? null : r.GetInt64(4),
                AppointmentId: r.IsDBNull(5) ? null : r.GetGuid(5),
                LinkId: r.IsDBNull(6) ? null : r.GetGuid(6),
                EndpointId: r.IsDBNull(7) ? null : r.GetGuid(7),
                Attempt: r.GetInt32(8)), ct);
        }, cancellationToken);

    /// <summary>Everything the claimed deliveries refer to, read in one round trip.</summary>
    public Task<DeliverySources> LoadSourcesAsync(IReadOnlyList<ClaimedDelivery> deliveries, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(AppointmentsSql) { Parameters = { Param("ids", Distinct(deliveries, d => d.AppointmentId)) } },
                    new NpgsqlBatchCommand(EventsSql) { Parameters = { Param("ids", Distinct(deliveries, d => d.EventId)) } },
                    new NpgsqlBatchCommand(MoveSlotsSql) { Parameters = { Param("ids", Distinct(deliveries, d => d.EventId)) } },
                    new NpgsqlBatchCommand(EndpointsSql) { Parameters = { Param("ids", Distinct(deliveries, d => d.EndpointId)) } },
                    new NpgsqlBatchCommand(LinksSql) { Parameters = { Param("ids", Distinct(deliveries, d => d.LinkId)) } },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            var appointments = await reader.ReadAllAsync(r => new MailAppointment(
                Id: r.GetGuid(0),
                SlotId: r.GetGuid(1),
                DoctorId: r.GetGuid(2),
                PatientName: r.GetString(3),
                PatientEmail: r.GetString(4),
                PatientPhone: r.GetString(5),
                Status: StatusFromDb(r.GetString(6)),
                Date: r.GetFieldValue<DateOnly>(7),
                Time: r.GetFieldValue<TimeOnly>(8),
                DurationMinutes: r.GetInt32(9),
                DoctorName: r.GetString(10),
                ClinicName: r.IsDBNull(11) ? null : r.GetString(11),
                TimeZone: r.GetString(12)), ct);
            await reader.NextResultAsync(ct);
            var events = await reader.ReadAllAsync(r => new OutboxEvent(
                r.GetInt64(0), r.GetGuid(1), r.IsDBNull(2) ? null : StatusFromDb(r.GetString(2)), StatusFromDb(r.GetString(3)),
                r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetGuid(5), r.IsDBNull(6) ? null : r.GetGuid(6), r.GetInt32(7)), ct);
            await reader.NextResultAsync(ct);
            var slots = await reader.ReadAllAsync(r => new SlotPlace(
                r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateOnly>(2), r.GetFieldValue<TimeOnly>(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6)), ct);
            await reader.NextResultAsync(ct);
            var endpoints = await reader.ReadAllAsync(r => new WebhookTarget(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)), ct);
            await reader.NextResultAsync(ct);
            var links = await reader.ReadAllAsync(r => new SignInLink(
                r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3)), ct);
            return new DeliverySources(
                appointments.ToDictionary(a => a.Id),
                events.ToDictionary(e => e.Id),
                slots.ToDictionary(s => s.Id),
                endpoints.ToDictionary(e => e.Id),
                links.ToDictionary(l => l.Id));
        }, cancellationToken);

    /// <summary>Records how a batch of attempts went, and the webhook attempts' log, in one round trip.</summary>
    public Task RecordAsync(IReadOnlyList<DeliveryResult> results, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            var hooks = results.Where(r => r.Delivery.EndpointId is not null).ToList();
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(RecordOutcomesSql)
                    {
                        Parameters =
                        {
                            Param("now", now),
                            Param("ids", results.Select(r => r.Delivery.Id).ToArray()),
                            Param("attempts", results.Select(r => r.Delivery.Attempt).ToArray()),
                            Param("statuses", results.Select(r => r.Status).ToArray()),
                            Param("next", results.Select(r => r.NextAttemptAt).ToArray()),
                            Param("errors", results.Select(r => r.Error).ToArray()),
                        },
                    },
                    new NpgsqlBatchCommand(RecordAttemptsSql)
                    {
                        Parameters =
                        {
                            Param("ids", hooks.Select(r => r.Delivery.Id).ToArray()),
                            Param("endpoints", hooks.Select(r => r.Delivery.EndpointId!.Value).ToArray()),
                            Param("attempts", hooks.Select(r => r.Delivery.Attempt).ToArray()),
                            Param("at", hooks.Select(r => r.StartedAt).ToArray()),
                            Param("codes", hooks.Select(r => r.StatusCode).ToArray()),
                            Param("durations", hooks.Select(r => (int)Math.Min(int.MaxValue, r.Took.TotalMilliseconds)).ToArray()),
                            Param("succeeded", hooks.Select(r => r.Status == DeliveryStatus.Sent).ToArray()),
                            Param("errors", hooks.Select(r => r.Error).ToArray()),
                        },
                    },
                },
            };
            await batch.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Gives claimed deliveries whose outcome was never recorded back at once (due <paramref name="now"/>) instead of
    /// leaving them leased; a claim another dispatcher has since taken over is left alone. The number handed back.
    /// </summary>
    public Task<int> HandBackAsync(IReadOnlyList<ClaimedDelivery> claimed, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(HandBackSql, connection)
            {
                Parameters =
                {
                    Param("now", now),
                    Param("ids", claimed.Select(d => d.Id).ToArray()),
                    Param("attempts", claimed.Select(d => d.Attempt).ToArray()),
                },
            };
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    /// <summary>When a CONFIRMED appointment starts (UTC); null when it is not confirmed or does not exist.</summary>
    public Task<DateTimeOffset?> ConfirmedStartAsync(Guid appointmentId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(StartsAtSql, connection) { Parameters = { Param("id", appointmentId) } };
            return await command.ExecuteScalarAsync(ct) is DateTime start ? new DateTimeOffset(start, TimeSpan.Zero) : (DateTimeOffset?)null;
        }, cancellationToken);

    /// <summary>Queues the reminder e-mail of a still confirmed, still future appointment; once per appointment and time.</summary>
    public Task<bool> EnqueueReminderAsync(Guid appointmentId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(EnqueueReminderSql, connection)
            {
                Parameters = { Param("id", appointmentId), Param("now", now), Param("kind", MailKinds.Reminder) },
            };
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);

    private static T[] Distinct<T>(IEnumerable<ClaimedDelivery> deliveries, Func<ClaimedDelivery, T?> key)
        where T : struct =>
        deliveries.Select(key).OfType<T>().Distinct().ToArray();
}

/// <summary>The statuses of a delivery, as stored.</summary>
public static class DeliveryStatus
{
    public const string Pending = "PENDING";
    public const string Sent = "SENT";
    public const string Skipped = "SKIPPED";
    public const string Dead = "DEAD";
}

/// <summary>The channels a delivery goes through.</summary>
public static class DeliveryChannel
{
    public const string Email = "email";
    public const string Webhook = "webhook";
}

/// <summary>A delivery this silo has claimed; <see cref="Attempt"/> counts this attempt.</summary>
public sealed record ClaimedDelivery(
    long Id, string DedupeKey, string Channel, string Kind, long? EventId, Guid? AppointmentId, Guid? LinkId, Guid? EndpointId, int Attempt);

/// <summary>An appointment with what its e-mails and webhook payloads show. Holds personal data: never logged.</summary>
public sealed record MailAppointment(
    Guid Id, Guid SlotId, Guid DoctorId, string PatientName, string PatientEmail, string PatientPhone, AppointmentStatus Status,
    DateOnly Date, TimeOnly Time, int DurationMinutes, string DoctorName, string? ClinicName, string TimeZone);

/// <summary>
/// A row of <c>appointment_events</c>; a reschedule names the slots it moved between. <paramref name="Moves"/>: how often
/// the appointment had moved up to and including this event.
/// </summary>
public sealed record OutboxEvent(
    long Id, Guid AppointmentId, AppointmentStatus? From, AppointmentStatus To, DateTimeOffset At, Guid? FromSlotId, Guid? ToSlotId, int Moves);

/// <summary>Where and when a slot is, in its doctor's time zone: the two ends of a move.</summary>
public sealed record SlotPlace(Guid Id, Guid DoctorId, DateOnly Date, TimeOnly Time, string DoctorName, string? ClinicName, string TimeZone);

/// <summary>A webhook endpoint with its secret, for signing.</summary>
public sealed record WebhookTarget(Guid Id, string Url, string Secret, bool IncludeContactData);

/// <summary>A sign-in link as stored.</summary>
public sealed record SignInLink(Guid Id, string Email, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

/// <summary>What a batch of deliveries refers to, by id.</summary>
public sealed record DeliverySources(
    IReadOnlyDictionary<Guid, MailAppointment> Appointments,
    IReadOnlyDictionary<long, OutboxEvent> Events,
    IReadOnlyDictionary<Guid, SlotPlace> Slots,
    IReadOnlyDictionary<Guid, WebhookTarget> Endpoints,
    IReadOnlyDictionary<Guid, SignInLink> Links);

/// <summary>How one attempt went and what the delivery's row becomes.</summary>
public sealed record DeliveryResult(
    ClaimedDelivery Delivery, string Status, DateTimeOffset NextAttemptAt, string? Error, DateTimeOffset StartedAt, TimeSpan Took, int? StatusCode = null);
