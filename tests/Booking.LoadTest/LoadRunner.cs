using System.Diagnostics;

namespace Booking.LoadTest;

/// <summary>How a measured phase went: its samples, how long it took, and whether the time limit cut it short.</summary>
public sealed record PhaseResult(IReadOnlyList<Sample> Samples, TimeSpan Elapsed, int Started, bool StoppedByTimeLimit);

/// <summary>Runs operations at a fixed concurrency, bounded by a count and a time limit.</summary>
public static class LoadRunner
{
    /// <summary>
    /// Runs <paramref name="operation"/> for the indices 0..count-1 with at most <paramref name="concurrency"/> in flight.
    /// After <paramref name="limit"/> no new operation starts and the token handed to running ones is cancelled.
    /// </summary>
    public static async Task<PhaseResult> RunAsync(
        int count,
        int concurrency,
        TimeSpan limit,
        Recorder recorder,
        Func<int, CancellationToken, Task> operation,
        Action<Recorder>? onProgress = null)
    {
        using var deadline = new CancellationTokenSource(limit);
        var next = -1;
        var started = 0;
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            while (!deadline.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= count)
                {
                    return;
                }

                Interlocked.Increment(ref started);
                try
                {
                    await operation(index, deadline.Token);
                }
                finally
                {
                    recorder.OperationDone();
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Clamp(concurrency, 1, Math.Max(1, count))).Select(_ => Task.Run(WorkerAsync)).ToList();
        var all = Task.WhenAll(workers);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(100));
            onProgress?.Invoke(recorder);
        }

        await all;
        clock.Stop();
        var stopped = deadline.IsCancellationRequested;
        return new PhaseResult(recorder.Samples, clock.Elapsed, started, stopped);
    }

    /// <summary>
    /// Times one request: records its status, or for an exception status 0 and what went wrong
    /// ("time-out", "cancelled: duration limit", or the exception's type).
    /// </summary>
    public static async Task<T?> TimeAsync<T>(
        Recorder recorder, string operation, CancellationToken ct, Func<Task<(int Status, T? Value)>> request)
    {
        var start = recorder.Now();
        try
        {
            var (status, value) = await request();
            recorder.Record(operation, start, status);
            return value;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            recorder.Record(operation, start, 0, "cancelled: duration limit");
        }
        catch (TaskCanceledException)
        {
            recorder.Record(operation, start, 0, "time-out (30 s)");
        }
        catch (HttpRequestException e)
        {
            recorder.Record(operation, start, 0, $"HttpRequestException: {e.HttpRequestError}");
        }

        return default;
    }
}
