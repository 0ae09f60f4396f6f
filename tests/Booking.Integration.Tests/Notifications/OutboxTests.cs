using Booking.Grains.Data;
using Booking.Grains.Notifications;
using Booking.Integration.Tests.Infrastructure;
using Npgsql;

namespace Booking.Integration.Tests.Notifications;

/// <summary>
/// The outbox's SQL on its own (no silo): no event is skipped when ids commit out of order, two dispatchers at once
/// fan each event out exactly once, a claimed delivery goes back only by its holder or when its lease runs out, and the
/// migration that made the outbox can run again without losing news.
/// </summary>
public sealed class OutboxTests
{
    private const string InsertEventSql = """
        INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
        VALUES (gen_random_uuid(), 'PENDING', 'CONFIRMED', now(), 'test') RETURNING id
        """;

    [Fact]
    public async Task AnEventWhoseTransactionCommitsAfterALaterOneIsStillDispatched()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = Store(database);

        // The earlier id stays uncommitted while a later one commits and is dispatched: a cursor would now be past it.
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var slow = await connection.BeginTransactionAsync();
        await using var insertSlow = new NpgsqlCommand(InsertEventSql, connection, slow);
        var earlier = (long)(await insertSlow.ExecuteScalarAsync())!;
        var later = await database.ScalarAsync(InsertEventSql);
        Assert.True(later > earlier);

        Assert.Equal(1, await store.DispatchEventsAsync(100, emailEnabled: true, DateTimeOffset.UtcNow, CancellationToken.None));
        await slow.CommitAsync();
        Assert.Equal(1, await store.DispatchEventsAsync(100, emailEnabled: true, DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.Equal(2, await database.ScalarAsync("SELECT count(*) FROM appointment_events WHERE dispatched_at IS NOT NULL"));
        Assert.Equal(2, await database.ScalarAsync("SELECT count(DISTINCT event_id) FROM notification_deliveries WHERE kind = 'confirmation'"));
    }

    [Fact]
    public async Task TwoDispatchersAtOnceTurnEachEventIntoItsDeliveriesExactlyOnce()
    {
        const int Events = 3000;
        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteAsync("""
            INSERT INTO webhook_endpoints (id, url, events, secret, include_contact_data, created_at)
            VALUES (gen_random_uuid(), 'http://127.0.0.1:9/hooks', ARRAY['appointment.confirmed'], 'secret-secret-secret', false, now())
            """);
        await database.ExecuteAsync($"""
            INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
            SELECT gen_random_uuid(), 'PENDING', 'CONFIRMED', now(), 'test' FROM generate_series(1, {Events})
            """);

        async Task<long> DrainAsync(NotificationStore store)
        {
            long total = 0;
            for (var round = 0; round < 1000; round++)
            {
                var taken = await store.DispatchEventsAsync(100, emailEnabled: true, DateTimeOffset.UtcNow, CancellationToken.None);
                if (taken == 0)
                {
                    return total;
                }

                total += taken;
            }

            return total;
        }

        var taken = await Task.WhenAll(DrainAsync(Store(database)), DrainAsync(Store(database)));

        Assert.Equal(Events, taken.Sum());
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM appointment_events WHERE dispatched_at IS NULL"));
        Assert.Equal(Events, await database.ScalarAsync("SELECT count(*) FROM notification_deliveries WHERE channel = 'email'"));
        Assert.Equal(Events, await database.ScalarAsync("SELECT count(DISTINCT event_id) FROM notification_deliveries WHERE channel = 'webhook'"));
        Assert.Equal(Events, await database.ScalarAsync("SELECT count(*) FROM notification_deliveries WHERE channel = 'webhook'"));
    }

    [Fact]
    public async Task AClaimIsHandedBackOnlyByItsHolderAndALapsedLeaseIsTakenOver()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = Store(database);
        for (var i = 0; i < 3; i++)
        {
            await database.ScalarAsync(InsertEventSql);
        }

        var now = DateTimeOffset.UtcNow;
        Assert.Equal(3, await store.DispatchEventsAsync(100, emailEnabled: true, now, CancellationToken.None));
        var first = await store.ClaimDeliveriesAsync(100, emailEnabled: true, now, now.AddMinutes(10), CancellationToken.None);
        Assert.Equal(3, first.Count);

        // Leased: nobody else gets them before the lease runs out.
        Assert.Empty(await store.ClaimDeliveriesAsync(100, emailEnabled: true, now.AddMinutes(9), now.AddMinutes(19), CancellationToken.None));

        // A stopping dispatcher hands its claims back: they are due at once.
        Assert.Equal(3, await store.HandBackAsync(first, now, CancellationToken.None));
        var second = await store.ClaimDeliveriesAsync(100, emailEnabled: true, now, now.AddMinutes(1), CancellationToken.None);
        Assert.Equal(first.Select(d => d.Id).Order(), second.Select(d => d.Id).Order());

        // The second holder dies without a word: once its lease has run out a third takes the deliveries over.
        var third = await store.ClaimDeliveriesAsync(100, emailEnabled: true, now.AddMinutes(2), now.AddMinutes(12), CancellationToken.None);
        Assert.Equal(3, third.Count);
        Assert.All(third, d => Assert.Equal(3, d.Attempt));

        // A holder whose lease was taken over cannot hand back what is now someone else's.
        Assert.Equal(0, await store.HandBackAsync(second, now, CancellationToken.None));
        Assert.Equal(3, await database.ScalarAsync(
            "SELECT count(*) FROM notification_deliveries WHERE status = 'PENDING' AND next_attempt_at > @now", ("now", now.AddMinutes(11))));
    }

    [Fact]
    public async Task RunningTheOutboxMigrationAgainLeavesUndispatchedEventsUndispatched()
    {
        await using var database = await TestDatabase.CreateAsync();
        var id = await database.ScalarAsync(InsertEventSql);
        var assembly = typeof(Booking.Silo.DatabaseMigrator).Assembly;
        using var reader = new StreamReader(assembly.GetManifestResourceStream("migrations.0014_notifications.sql")!);

        await database.ExecuteAsync(await reader.ReadToEndAsync());

        Assert.Equal(1, await database.ScalarAsync("SELECT count(*) FROM appointment_events WHERE id = @id AND dispatched_at IS NULL", ("id", id)));
    }

    private static NotificationStore Store(TestDatabase database) => new(database.Access());
}
