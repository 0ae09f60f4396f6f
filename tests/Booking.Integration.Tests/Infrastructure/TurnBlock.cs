using Booking.Grains;
using Booking.Grains.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// Takes <paramref name="count"/> of a <see cref="BookingDatabase"/>'s transaction turns and keeps them until released, so
/// that writes behind them wait: how tests make a silo "too busy" without load.
/// </summary>
public sealed class TurnBlock : IAsyncDisposable
{
    private readonly TaskCompletionSource _release = new();
    private readonly List<Task<int>> _holders;
    private int _taken;

    private TurnBlock(BookingDatabase database, int count) =>
        _holders = Enumerable.Range(0, count).Select(_ => database.SerializableAsync(async (_, _) =>
        {
            Interlocked.Increment(ref _taken);
            await _release.Task;
            return 0;
        })).ToList();

    /// <summary>Takes the turns and returns once all of them are held.</summary>
    public static async Task<TurnBlock> TakeAsync(BookingDatabase database, int count)
    {
        var block = new TurnBlock(database, count);
        for (var until = DateTime.UtcNow.AddSeconds(10); Volatile.Read(ref block._taken) < count && DateTime.UtcNow < until;)
        {
            await Task.Delay(10);
        }

        Assert.Equal(count, Volatile.Read(ref block._taken));
        return block;
    }

    /// <summary>Takes every transaction turn of the silo whose services are <paramref name="silo"/>: the writes after it wait.</summary>
    public static Task<TurnBlock> TakeAllAsync(IServiceProvider silo) =>
        TakeAsync(silo.GetRequiredService<BookingDatabase>(), silo.GetRequiredService<IOptions<BookingOptions>>().Value.MaxConcurrentTransactions);

    /// <summary>Gives the turns back and waits until they are free.</summary>
    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await Task.WhenAll(_holders);
    }
}
