using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Booking.Grains;

/// <summary>
/// The backstop of the 2-minute rule. Each silo looks, every <see cref="BookingOptions.ExpirySweepInterval"/>, for PENDING
/// holds more than <see cref="BookingOptions.ExpirySweepGrace"/> past their time (a partial index keeps that cheap) and
/// expires each through its slot's grain, the slot's single writer, with the same compare-and-swap a reminder uses. A
/// hold finds its way here only when its reminder is missing or late: the booking answered before the reminder was
/// registered and the silo died in between, or the reminder's write was lost. Silos sweeping the same hold at once
/// are harmless (the second expiry finds nothing to do).
/// </summary>
public sealed class HoldExpirySweep(
    QueryStore store, IGrainFactory grains, IOptions<BookingOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    BookingMetrics metrics, ILogger<HoldExpirySweep> logger) : BackgroundService
{
    /// <summary>The most holds one pass expires; the next pass takes the rest.</summary>
    public const int BatchSize = 500;

    private readonly BookingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need a running silo.
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ContinueWith(_ => { }, TaskScheduler.Default);
        using var timer = new PeriodicTimer(_options.ExpirySweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Expiry sweep failed; the next pass tries again");
            }
        }
    }

    /// <summary>Expires the holds lapsed more than the grace period ago; returns how many this pass expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var lapsed = await store.LapsedHoldsAsync(clock.GetUtcNow() - _options.ExpirySweepGrace, BatchSize, cancellationToken);
        var expired = 0;
        await Parallel.ForEachAsync(lapsed, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (hold, _) =>
        {
            var result = await grains.GetGrain<ISlotGrain>(hold.SlotId).ExpireAsync(hold.AppointmentId, CancellationToken.None);
            if (result.Outcome == AppointmentChangeOutcome.Changed)
            {
                Interlocked.Increment(ref expired);
            }
        });
        if (expired > 0)
        {
            metrics.HoldsSwept(expired);
            logger.LogWarning("Expiry sweep expired {Count} holds whose reminder had not", expired);
        }

        return expired;
    }
}
