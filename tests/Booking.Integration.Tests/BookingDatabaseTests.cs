using Booking.Grains;
using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Booking.Integration.Tests;

/// <summary>The retry and fault handling every grain's SQL goes through.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BookingDatabaseTests(BookingClusterFixture fixture)
{
    private static BookingDatabase Database(NpgsqlDataSource source, int attempts = 4) =>
        new(source, Options.Create(new BookingOptions { MaxCommitAttempts = attempts, RetryAfterSeconds = 7 }), TimeProvider.System, NullLogger<BookingDatabase>.Instance);

    private static PostgresException Conflict(string sqlState) => new("conflict", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    public async Task ASerializationConflictIsTriedAgainUntilItCommits(string sqlState)
    {
        var tries = 0;

        var result = await Database(fixture.Database.DataSource).SerializableAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("SELECT 42", connection, transaction);
            var value = (int)(await command.ExecuteScalarAsync())!;
            return ++tries < 3 ? throw Conflict(sqlState) : value;
        });

        Assert.Equal(42, result);
        Assert.Equal(3, tries);
    }

    [Fact]
    public async Task ConflictsThatOutliveTheRetriesBecomeUnavailableWithRetryAfter()
    {
        var tries = 0;

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            Database(fixture.Database.DataSource, attempts: 4).SerializableAsync<int>((_, _) =>
            {
                tries++;
                throw Conflict(PostgresErrorCodes.SerializationFailure);
            }));

        Assert.Equal(4, tries);
        Assert.Equal(7, error.RetryAfterSeconds);
    }

    [Fact]
    public async Task NoMoreTransactionsRunAtOnceThanTheSiloAllows()
    {
        var database = new BookingDatabase(
            fixture.Database.DataSource, Options.Create(new BookingOptions { MaxConcurrentTransactions = 3 }), TimeProvider.System, NullLogger<BookingDatabase>.Instance);
        var running = 0;
        var peak = 0;

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => database.SerializableAsync(async (connection, transaction) =>
        {
            var now = Interlocked.Increment(ref running);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }

            await using var command = new NpgsqlCommand("SELECT pg_sleep(0.05)", connection, transaction);
            await command.ExecuteNonQueryAsync();
            Interlocked.Decrement(ref running);
            return 0;
        })));

        // Twelve transactions of 50 ms each: they did overlap, but never more than three at a time.
        Assert.InRange(peak, 2, 3);
    }

    [Fact]
    public async Task ADatabaseThatDoesNotAnswerIsUnavailableNotABug()
    {
        await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2");

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            Database(nowhere).RunAsync((_, _) => Task.FromResult(1), CancellationToken.None));

        Assert.Equal(7, error.RetryAfterSeconds);
    }

    [Fact]
    public async Task AStatementTheDatabaseRejectsIsABugNotUnavailability()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Database(fixture.Database.DataSource).RunAsync(async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand("SELECT * FROM no_such_table", connection);
                return await command.ExecuteScalarAsync(ct);
            }, CancellationToken.None));
    }

    [Fact]
    public async Task AHoldIsAsLongAsConfiguredFromTheMomentItsTransactionStartsHoweverLongItWaitedForItsTurn()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds())); // whole seconds: the database keeps microseconds
        var database = new BookingDatabase(
            fixture.Database.DataSource, Options.Create(new BookingOptions { MaxConcurrentTransactions = 1 }), clock, NullLogger<BookingDatabase>.Instance);
        var store = new SlotStore(database);
        var slot = await fixture.Data.SlotAsync();
        Task<BookAttempt> booking;
        DateTimeOffset turnBegan;
        await using (await TurnBlock.TakeAsync(database, 1))
        {
            booking = store.BookAsync(slot.Id, SlotGrainTestExtensions.Hold(TestData.Patient()) with { Deadline = DateTimeOffset.MaxValue }, TimeSpan.FromMinutes(2));
            clock.Advance(TimeSpan.FromMinutes(10)); // the booking waits ten minutes for its turn
            turnBegan = clock.GetUtcNow();
        }

        var hold = (await booking).Appointment!;

        Assert.Equal(turnBegan, hold.CreatedAt);
        Assert.Equal(turnBegan + TimeSpan.FromMinutes(2), hold.ExpiresAt);
    }

    [Fact]
    public async Task AWriteThatCannotGetATurnBeforeItsDeadlineFailsWithoutRunning()
    {
        var database = new BookingDatabase(
            fixture.Database.DataSource, Options.Create(new BookingOptions { MaxConcurrentTransactions = 1, RetryAfterSeconds = 3 }), TimeProvider.System, NullLogger<BookingDatabase>.Instance);
        var ran = false;
        StorageUnavailableException error;
        await using (await TurnBlock.TakeAsync(database, 1))
        {
            error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
                database.WriteAsync((_, _) => Task.FromResult(ran = true), DateTimeOffset.UtcNow.AddMilliseconds(200)));
        }

        Assert.False(ran);
        Assert.Equal(3, error.RetryAfterSeconds);
    }
}
