using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Npgsql;
using Orleans.Concurrency;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Notifications;

/// <summary>Webhook endpoints and their delivery log, for admins.</summary>
[StatelessWorker]
public sealed class WebhookAdminGrain(WebhookStore store, TimeProvider clock) : Grain, IWebhookAdminGrain
{
    public Task<WebhookEndpoint> CreateAsync(WebhookEndpointDraft draft, CancellationToken cancellationToken = default) =>
        store.CreateAsync(Guid.NewGuid(), draft, clock.GetUtcNow(), cancellationToken);

    public Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public Task<bool> DeleteAsync(Guid endpointId, CancellationToken cancellationToken = default) => store.DeleteAsync(endpointId, cancellationToken);

    public Task<IReadOnlyList<WebhookAttempt>?> ListAttemptsAsync(Guid endpointId, int limit, CancellationToken cancellationToken = default) =>
        store.ListAttemptsAsync(endpointId, limit, cancellationToken);
}

/// <summary>The SQL of webhook endpoints and attempts.</summary>
public sealed class WebhookStore(BookingDatabase database)
{
    private const string InsertSql = """
        INSERT INTO webhook_endpoints (id, url, events, secret, include_contact_data, created_at)
        VALUES (@id, @url, @events, @secret, @include_contact_data, @now)
        RETURNING id, url, events, include_contact_data, created_at
        """;

    private const string ListSql = "SELECT id, url, events, include_contact_data, created_at FROM webhook_endpoints ORDER BY created_at, id";

    private const string DeleteSql = "DELETE FROM webhook_endpoints WHERE id = @id";

    private const string AttemptsSql = """
        SELECT a.id, a.delivery_id, d.event_id, d.kind, d.appointment_id, a.attempt, a.at, a.status_code, a.duration_ms, a.succeeded, a.error, d.status,
               EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = @id)
        FROM (SELECT 1) one
        LEFT JOIN webhook_attempts a ON a.endpoint_id = @id
        LEFT JOIN notification_deliveries d ON d.id = a.delivery_id
        ORDER BY a.id DESC
        LIMIT @limit
        """;

    public Task<WebhookEndpoint> CreateAsync(Guid id, WebhookEndpointDraft draft, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(InsertSql, connection)
            {
                Parameters =
                {
                    Param("id", id),
                    Param("url", draft.Url),
                    Param("events", draft.Events.ToArray()),
                    Param("secret", draft.Secret),
                    Param("include_contact_data", draft.IncludeContactData),
                    Param("now", now),
                },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            return (await reader.ReadAllAsync(ReadEndpoint, ct)).Single();
        }, cancellationToken);

    public Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<WebhookEndpoint>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(ListSql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAllAsync(ReadEndpoint, ct);
        }, cancellationToken);

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(DeleteSql, connection) { Parameters = { Param("id", id) } };
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);

    /// <summary>Newest first; null when the endpoint does not exist (the one-row join tells that in the same statement).</summary>
    public Task<IReadOnlyList<WebhookAttempt>?> ListAttemptsAsync(Guid id, int limit, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<WebhookAttempt>?>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(AttemptsSql, connection) { Parameters = { Param("id", id), Param("limit", limit) } };
            await using var reader = await command.ExecuteReaderAsync(ct);
            var exists = false;
            var attempts = new List<WebhookAttempt>();
            while (await reader.ReadAsync(ct))
            {
                exists = reader.GetBoolean(12);
                if (!reader.IsDBNull(0))
                {
                    attempts.Add(new WebhookAttempt(
                        Id: reader.GetInt64(0),
                        DeliveryId: reader.GetInt64(1),
                        EventId: reader.IsDBNull(2) ? null : reader.GetInt64(2),
                        EventType: reader.GetString(3),
                        AppointmentId: reader.IsDBNull(4) ? null : reader.GetGuid(4),
                        Attempt: reader.GetInt32(5),
                        At: reader.GetFieldValue<DateTimeOffset>(6),
                        StatusCode: reader.IsDBNull(7) ? null : reader.GetInt32(7),
                        DurationMs: reader.GetInt32(8),
                        Succeeded: reader.GetBoolean(9),
                        Error: reader.IsDBNull(10) ? null : reader.GetString(10),
                        DeliveryStatus: reader.GetString(11)));
                }
            }

            return exists ? attempts : null;
        }, cancellationToken);

    private static WebhookEndpoint ReadEndpoint(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.GetBoolean(3), r.GetFieldValue<DateTimeOffset>(4));
}
