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
        new(source, Options.Create(new BookingOptions { MaxCommitAttempts = attempts, RetryAfterSeconds = 7 }), NullLogger<BookingDatabase>.Instance);

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
}
