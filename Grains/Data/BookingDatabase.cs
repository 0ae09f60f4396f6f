using Booking.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using System.Data;

namespace Booking.Grains.Data;

/// <summary>
/// Runs the grains' SQL on the one data source: reads as they come, writes one at a time per turn with a
/// deadline and retries of serialization failures, and database faults turned into exceptions that can
/// cross a grain call (Npgsql's own cannot).
/// </summary>
public sealed class BookingDatabase(
    NpgsqlDataSource dataSource, IOptions<BookingOptions> options, TimeProvider clock, ILogger<BookingDatabase> logger, BookingMetrics? metrics = null)
{
    private readonly BookingOptions _options = options.Value;
    private readonly BookingMetrics _metrics = metrics ?? new BookingMetrics();

    // More SERIALIZABLE transactions at once than the machine can run only makes them fail each
    // other (predicate locks of neighbouring slots share index pages); the rest wait their turn here.
    private readonly SemaphoreSlim _turns = new(options.Value.MaxConcurrentTransactions);

    /// <summary>Runs <paramref name="work"/> on an open connection; each statement commits on its own.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, sent: false);
        }
    }

    /// <summary>
    /// Runs one write: <paramref name="attempt"/> sends it in a single exchange (one statement, or a batch that
    /// carries its own BEGIN and COMMIT) and reads its answer. It waits for a turn among the silo's
    /// <see cref="BookingOptions.MaxConcurrentTransactions"/>, is handed the time its turn began, and is tried
    /// again on serialization failures (40001) and deadlocks (40P01) up to <see cref="BookingOptions.MaxCommitAttempts"/> times.
    /// </summary>
    /// <param name="attempt">Sends the write on the open connection, given the instant its turn began, and reads its answer.</param>
    /// <param name="deadline">
    /// No attempt starts after it: the write is refused with <see cref="StorageUnavailableException"/> and nothing was
    /// or will be written. An attempt that has started runs to its end, so its caller always learns the outcome.
    /// </param>
    /// <exception cref="StorageUnavailableException">Nothing was written: the deadline passed, contention outlived the retries, or the database is unreachable.</exception>
    /// <exception cref="WriteOutcomeUnknownException">The connection broke after the write was sent: it may or may not have committed.</exception>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, DateTimeOffset, Task<T>> attempt, DateTimeOffset deadline)
    {
        for (var attempts = 1; ; attempts++)
        {
            var left = Remaining(deadline);
            if (left == TimeSpan.Zero || !await _turns.WaitAsync(left))
            {
                throw Overloaded();
            }

            var sent = false;
            try
            {
                await using var connection = await OpenAsync(CancellationToken.None);
                sent = true;
                return await attempt(connection, clock.GetUtcNow());
            }
            catch (PostgresException e) when (IsSerializationConflict(e) && attempts < _options.MaxCommitAttempts)
            {
                _metrics.SerializationRetried();
                logger.LogDebug("Serialization conflict {SqlState} on attempt {Attempt}; retrying", e.SqlState, attempts);
            }
            catch (PostgresException e) when (IsSerializationConflict(e))
            {
                logger.LogWarning("Serialization conflicts outlived {Attempts} attempts", attempts);
                throw new StorageUnavailableException("The slot is under heavy contention; try again shortly.", _options.RetryAfterSeconds);
            }
            catch (NpgsqlException e)
            {
                throw Translate(e, sent);
            }
            finally
            {
                _turns.Release();
            }

            // Out of turn while waiting: full jitter over an exponentially growing window (4, 8 ... 128 ms),
            // so writers that collided once spread out instead of colliding again.
            var backoff = TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 << Math.Min(attempts, 6)));
            if (deadline != DateTimeOffset.MaxValue && backoff >= Remaining(deadline))
            {
                throw Overloaded();
            }

            await Task.Delay(backoff);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a SERIALIZABLE transaction of several round trips and commits it, with the turns and
    /// retries of <see cref="WriteAsync{T}"/> and no deadline. For rare writes (deleting a doctor); the booking path
    /// sends each of its transactions in one exchange instead.
    /// </summary>
    public Task<T> SerializableAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work) =>
        TransactionAsync(IsolationLevel.Serializable, work);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of several round trips at <paramref name="isolation"/> and commits it,
    /// with the turns and retries of <see cref="WriteAsync{T}"/> (at READ COMMITTED only deadlocks retry) and no deadline.
    /// </summary>
    public Task<T> TransactionAsync<T>(IsolationLevel isolation, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work) =>
        WriteAsync(async (connection, _) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(isolation);
            var result = await work(connection, transaction);
            await transaction.CommitAsync();
            return result;
        }, DateTimeOffset.MaxValue);

    /// <summary>Time left until <paramref name="deadline"/>: zero once it has passed, infinite for <see cref="DateTimeOffset.MaxValue"/>.</summary>
    private TimeSpan Remaining(DateTimeOffset deadline)
    {
        if (deadline == DateTimeOffset.MaxValue)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var left = deadline - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private StorageUnavailableException Overloaded()
    {
        _metrics.DeadlineMissed();
        return new StorageUnavailableException("The booking engine is too busy to start this write before its deadline; nothing was written. Try again shortly.", _options.RetryAfterSeconds);
    }

    private static bool IsSerializationConflict(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private Exception Translate(NpgsqlException e, bool sent)
    {
        // Messages name the failure, never the statement's parameters (they may hold patient data).
        if (e is PostgresException error)
        {
            // The server answered: whatever it refused was rolled back.
            if (!error.IsTransient)
            {
                logger.LogError(e, "Database rejected a statement with {SqlState}", error.SqlState);
                return new InvalidOperationException($"The database rejected a statement ({error.SqlState}).");
            }

            logger.LogWarning("Database refused the work for now ({SqlState})", error.SqlState);
            return new StorageUnavailableException("The database is not available right now; try again shortly.", _options.RetryAfterSeconds);
        }

        if (sent)
        {
            logger.LogError(e, "Database connection failed while a write was under way; its outcome is unknown");
            return new WriteOutcomeUnknownException("The database connection broke while the write was under way; it may or may not have been committed.");
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
