using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>
/// Orleans' reminder table in the booking database (<c>orleans_reminder</c>, migration 0003), in place of Orleans'
/// ADO.NET provider, which writes each reminder in a statement and a commit of its own. Every hold registers a
/// reminder and every settled hold removes one, so under load these writes come many at a time: here they queue,
/// and one writer sends whatever has queued as one batch (one upsert and one delete statement over arrays, one
/// commit), so the next batch gathers while the last is in flight. A reminder's own semantics stay those of the
/// provider: an upsert bumps the row's version, which is the ETag; a removal succeeds only with the current ETag.
/// </summary>
/// <remarks>
/// Two writes of the same reminder never share a batch (the later one waits for the next), so each is applied in
/// the order it was asked for. A batch that fails on a statement error is written again one reminder at a time, so
/// one bad reminder fails alone. Rows go in key order, so two silos' batches lock rows in the same order. The table and
/// its rows are the provider's, so a database written by either reads the same; the provider's queries that 0003 stores
/// in <c>OrleansQuery</c> are no longer read.
/// </remarks>
public sealed class ReminderTable(NpgsqlDataSource dataSource, string serviceId) : IReminderTable, IAsyncDisposable
{
    /// <summary>The most reminder writes sent in one batch.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Write> _writes = Channel.CreateUnbounded<Write>(new() { SingleReader = true });
    private Task _writer = Task.CompletedTask;

    /// <summary>How many batches were sent (for tests and diagnostics).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    private long _batches;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_writer.IsCompleted)
        {
            _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops taking writes, gives those queued a few seconds (a database that is gone fails them), closes the pool. Not
    /// at <see cref="IReminderTable.StopAsync"/>: Orleans stops the reminder service before a draining silo's last calls
    /// have finished, and a hold booked by one of those still registers its reminder, as with Orleans' own provider.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await Task.WhenAny(_writer, Task.Delay(TimeSpan.FromSeconds(5)));
        await dataSource.DisposeAsync();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry) =>
        ETag(await Enqueue(new Write(entry.GrainId, entry.ReminderName, Utc(entry.StartAt), entry.Period, Version: 0, Upsert: true)));

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        // An ETag this table never handed out matches no row.
        if (!int.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        return await Enqueue(new Write(grainId, reminderName, default, default, version, Upsert: false)) >= 0;
    }

    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        new(await ReadAsync("grain_id = @grain_id", Param("grain_id", grainId.ToString())));

    /// <summary>
    /// The reminders whose grain hash lies in the ring range (begin, end]. Hashes are stored as the signed
    /// reinterpretation of Orleans' unsigned hash, which rotates the ring without reordering it: a range that does
    /// not wrap in signed order is one interval, one that does (or the whole ring, begin = end) is two.
    /// </summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        int b = unchecked((int)begin), e = unchecked((int)end);
        var condition = b < e ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)";
        return new(await ReadAsync(condition, Param("begin", b), Param("end", e)));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await ReadAsync("grain_id = @grain_id AND reminder_name = @name",
            Param("grain_id", grainId.ToString()), Param("name", reminderName))).SingleOrDefault();

    public async Task TestOnlyClearTable()
    {
        await using var command = dataSource.CreateCommand("DELETE FROM orleans_reminder WHERE service_id = @service_id");
        command.Parameters.Add(Param("service_id", serviceId));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>This service's reminders that meet <paramref name="condition"/>.</summary>
    private async Task<List<ReminderEntry>> ReadAsync(string condition, params NpgsqlParameter[] parameters)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT grain_id, reminder_name, start_time, period, version FROM orleans_reminder WHERE service_id = @service_id AND {condition}");
        command.Parameters.Add(Param("service_id", serviceId));
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAllAsync(r => new ReminderEntry
        {
            GrainId = GrainId.Parse(r.GetString(0)),
            ReminderName = r.GetString(1),
            StartAt = r.GetDateTime(2),
            Period = TimeSpan.FromMilliseconds(r.GetInt64(3)),
            ETag = ETag(r.GetInt32(4)),
        });
    }

    /// <summary>Queues a write; its task gives the row's new version (upsert), or the removed row's version or -1 (removal).</summary>
    private Task<int> Enqueue(Write write)
    {
        if (!_writes.Writer.TryWrite(write))
        {
            throw new ReminderException($"The reminder table is stopped; reminder {write.Name} of {write.GrainId} was not written.");
        }

        return write.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>(MaxBatch);
        var keys = new HashSet<(string, string)>();
        Write? waiting = null;
        while (waiting is not null || await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            keys.Clear();
            if (waiting is not null)
            {
                batch.Add(waiting);
                keys.Add(waiting.Key);
                waiting = null;
            }

            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write))
            {
                if (!keys.Add(write.Key))
                {
                    waiting = write; // a second write of a reminder in this batch: it goes first in the next
                    break;
                }

                batch.Add(write);
            }

            batch.Sort(static (x, y) => string.CompareOrdinal(x.Key.GrainId, y.Key.GrainId) is var c and not 0 ? c : string.CompareOrdinal(x.Name, y.Name));
            await WriteAsync(batch);
        }
    }

    /// <summary>Sends <paramref name="batch"/> and completes each write; never throws (each write gets its own outcome).</summary>
    private async Task WriteAsync(List<Write> batch)
    {
        try
        {
            await SendAsync(batch);
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            foreach (var write in batch)
            {
                await WriteAsync([write]);
            }
        }
        catch (Exception e)
        {
            foreach (var write in batch)
            {
                write.Done.TrySetException(e);
            }
        }
    }

    private async Task SendAsync(List<Write> batch)
    {
        Interlocked.Increment(ref _batches);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlBatch(connection);
        var upserts = batch.Where(w => w.Upsert).ToList();
        var removals = batch.Where(w => !w.Upsert).ToList();
        if (upserts.Count > 0)
        {
            // A new row starts at version 0; each later write of it adds one. The version is the reminder's ETag.
            var upsert = Statement(
                """
                INSERT INTO orleans_reminder AS r (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                SELECT @service_id, u.grain_id, u.reminder_name, u.start_time, u.period, u.grain_hash, 0
                  FROM unnest(@grain_ids::text[], @names::text[], @starts::timestamptz[], @periods::bigint[], @hashes::integer[])
                       AS u (grain_id, reminder_name, start_time, period, grain_hash)
                ON CONFLICT ON CONSTRAINT pk_orleans_reminder DO UPDATE
                   SET start_time = EXCLUDED.start_time, period = EXCLUDED.period, grain_hash = EXCLUDED.grain_hash,
                       version = r.version + 1
                RETURNING r.grain_id, r.reminder_name, r.version
                """,
                upserts,
                Param("starts", upserts.Select(w => w.StartAt).ToArray()),
                Param("periods", upserts.Select(w => (long)w.Period.TotalMilliseconds).ToArray()),
                Param("hashes", upserts.Select(w => unchecked((int)w.GrainId.GetUniformHashCode())).ToArray()));
            command.BatchCommands.Add(upsert);
        }

        if (removals.Count > 0)
        {
            var remove = Statement(
                """
                DELETE FROM orleans_reminder AS r
                 USING unnest(@grain_ids::text[], @names::text[], @versions::integer[]) AS u (grain_id, reminder_name, version)
                 WHERE r.service_id = @service_id AND r.grain_id = u.grain_id AND r.reminder_name = u.reminder_name AND r.version = u.version
                RETURNING r.grain_id, r.reminder_name, r.version
                """,
                removals,
                Param("versions", removals.Select(w => w.Version).ToArray()));
            command.BatchCommands.Add(remove);
        }

        // Both statements run in one implicit transaction: one commit for the whole batch.
        var written = new Dictionary<(string, string), int>(batch.Count);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            do
            {
                while (await reader.ReadAsync())
                {
                    written[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
                }
            }
            while (await reader.NextResultAsync());
        }

        foreach (var write in batch)
        {
            if (written.TryGetValue(write.Key, out var version))
            {
                write.Done.TrySetResult(version);
            }
            else if (write.Upsert)
            {
                write.Done.TrySetException(new ReminderException($"Reminder {write.Name} of {write.GrainId} was not written."));
            }
            else
            {
                write.Done.TrySetResult(-1); // no row with that ETag: removed before, or written again since
            }
        }
    }

    /// <summary>One statement of a batch over <paramref name="writes"/>: this service's id and the writes' keys, then <paramref name="more"/>.</summary>
    private NpgsqlBatchCommand Statement(string sql, List<Write> writes, params NpgsqlParameter[] more)
    {
        var statement = new NpgsqlBatchCommand(sql)
        {
            Parameters =
            {
                Param("service_id", serviceId),
                Param("grain_ids", writes.Select(w => w.Key.GrainId).ToArray()),
                Param("names", writes.Select(w => w.Name).ToArray()),
            },
        };
        statement.Parameters.AddRange(more);
        return statement;
    }

    private static string ETag(int version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Npgsql writes <c>timestamptz</c> only from UTC; Orleans' times are UTC, an unspecified kind is taken as UTC.</summary>
    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    private sealed record Write(GrainId GrainId, string Name, DateTime StartAt, TimeSpan Period, int Version, bool Upsert)
    {
        public (string GrainId, string Name) Key { get; } = (GrainId.ToString(), Name);

        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
