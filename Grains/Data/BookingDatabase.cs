using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using System.Data;

namespace Booking.Grains.Data;

/// <summary>
/// Runs the grains' SQL on the one data source, retries serialization failures, and turns database
/// faults into exceptions that can cross a grain call (Npgsql's own cannot).
/// </summary>
public sealed class BookingDatabase(NpgsqlDataSource dataSource, IOptions<BookingOptions> options, ILogger<BookingDatabase> logger, BookingMetrics? metrics = null)
{
    private readonly BookingOptions _options = options.Value;
    private readonly BookingMetrics _metrics = metrics ?? new BookingMetrics();

    // More SERIALIZABLE transactions at once than the machine can run only makes them fail each
    // other (predicate locks of neighbouring slots share index pages); the rest wait their turn here.
    private readonly SemaphoreSlim _transactions = new(options.Value.MaxConcurrentTransactions);

    /// <summary>Runs <paramref name="work"/> on an open connection; each statement commits on its own.</summary>
    public Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        OffGrainScheduler(() => RunCoreAsync(work, cancellationToken));

    private async Task<T> RunCoreAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a SERIALIZABLE transaction and commits it, trying again on
    /// serialization failures (40001) and deadlocks (40P01) up to <see cref="BookingOptions.MaxCommitAttempts"/> times.
    /// The work is not cancellable once started, so a commit is never abandoned half way.
    /// </summary>
    public Task<T> SerializableAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work) =>
        TransactionAsync(IsolationLevel.Serializable, work);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction at <paramref name="isolation"/> and commits it, with the
    /// same turn-taking and retries as <see cref="SerializableAsync{T}"/> (at READ COMMITTED only deadlocks retry).
    /// </summary>
    public Task<T> TransactionAsync<T>(IsolationLevel isolation, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work) =>
        OffGrainScheduler(() => TransactionCoreAsync(isolation, work));

    private async Task<T> TransactionCoreAsync<T>(IsolationLevel isolation, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            await _transactions.WaitAsync();
            try
            {
                await using var connection = await OpenAsync(CancellationToken.None);
                await using var transaction = await connection.BeginTransactionAsync(isolation);
                var result = await work(connection, transaction);
                await transaction.CommitAsync();
                return result;
            }
            catch (PostgresException e) when (IsSerializationConflict(e) && attempt < _options.MaxCommitAttempts)
            {
                _metrics.SerializationRetried();
                logger.LogDebug("Serialization conflict {SqlState} on attempt {Attempt}; retrying", e.SqlState, attempt);
            }
            catch (PostgresException e) when (IsSerializationConflict(e))
            {
                logger.LogWarning("Serialization conflicts outlived {Attempts} attempts", attempt);
                throw new StorageUnavailableException("The slot is under heavy contention; try again shortly.", _options.RetryAfterSeconds);
            }
            catch (NpgsqlException e)
            {
                throw Translate(e);
            }
            finally
            {
                _transactions.Release();
            }

            // Out of turn while waiting: full jitter over an exponentially growing window (4, 8 ... 128 ms),
            // so writers that collided once spread out instead of colliding again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 << Math.Min(attempt, 6))));
        }
    }

    /// <summary>
    /// Runs database work on the thread pool rather than on the calling grain's scheduler. Every await inside a
    /// transaction (open, lock, insert, commit) would otherwise queue its continuation behind the silo's other
    /// grain work while holding a connection and a transaction turn; the caller still awaits the whole result,
    /// so the grain's one-call-at-a-time guarantee is unchanged.
    /// </summary>
    private static Task<T> OffGrainScheduler<T>(Func<Task<T>> work) => Task.Run(work);

    private static bool IsSerializationConflict(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private Exception Translate(NpgsqlException e)
    {
        // Messages name the failure, never the statement's parameters (they may hold patient data).
        if (e is PostgresException { IsTransient: false } error)
        {
            logger.LogError(e, "Database rejected a statement with {SqlState}", error.SqlState);
            return new InvalidOperationException($"The database rejected a statement ({error.SqlState}).");
        }

        logger.LogError(e, "Database call failed");
        return new StorageUnavailableException("The database is not available right now; try again shortly.", _options.RetryAfterSeconds);
    }

    /// <summary>Opens a pooled connection, counted in <c>booking.db.connections.open</c> until it is closed.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = dataSource.CreateConnection();
        connection.StateChange += (_, e) =>
        {
            if (e.CurrentState == ConnectionState.Open)
            {
                _metrics.ConnectionOpened();
            }
            else if (e.OriginalState == ConnectionState.Open && e.CurrentState == ConnectionState.Closed)
            {
                _metrics.ConnectionClosed();
            }
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
