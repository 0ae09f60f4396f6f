using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.SignalR;

namespace Booking.Api.Realtime;

/// <summary>
/// Bridges the grains and the hub: one Orleans observer for this Api process, subscribed to the schedule
/// grain of every doctor-day that at least one connected client watches. Subscriptions lapse in the grain
/// (and vanish when it is deactivated or its silo dies), so they are renewed every <see cref="RenewPeriod"/>.
/// </summary>
public sealed partial class AvailabilityRelay(IClusterClient cluster, IHubContext<AvailabilityHub> hub, ILogger<AvailabilityRelay> logger)
    : BackgroundService, IAvailabilityObserver
{
    /// <summary>Well inside <see cref="DoctorSchedule.SubscriptionLifetime"/>, so a renewal may fail once without a gap.</summary>
    public static readonly TimeSpan RenewPeriod = DoctorSchedule.SubscriptionLifetime / 4;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _watchers = [];
    private readonly Dictionary<string, HashSet<string>> _daysByConnection = [];
    private IAvailabilityObserver? _reference;

    /// <summary>The doctor-days watched now (schedule grain keys).</summary>
    public IReadOnlyCollection<string> WatchedDays
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Keys.ToList();
            }
        }
    }

    public async Task JoinAsync(string connectionId, string key)
    {
        bool first;
        lock (_lock)
        {
            if (!_watchers.TryGetValue(key, out var connections))
            {
                _watchers[key] = connections = [];
            }

            first = connections.Count == 0;
            connections.Add(connectionId);
            if (!_daysByConnection.TryGetValue(connectionId, out var days))
            {
                _daysByConnection[connectionId] = days = [];
            }

            days.Add(key);
        }

        // Subscribing again is harmless (it renews), so a join that raced another first join is fine.
        if (first)
        {
            await SubscribeAsync(key);
        }
    }

    public Task LeaveAsync(string connectionId, string key)
    {
        lock (_lock)
        {
            if (_daysByConnection.TryGetValue(connectionId, out var days))
            {
                days.Remove(key);
            }
        }

        return ForgetAsync(connectionId, [key]);
    }

    public Task DisconnectedAsync(string connectionId)
    {
        HashSet<string>? days;
        lock (_lock)
        {
            _daysByConnection.Remove(connectionId, out days);
        }

        return days is null ? Task.CompletedTask : ForgetAsync(connectionId, days);
    }

    public Task OnAvailabilityChangedAsync(AvailabilityChange change) =>
        hub.Clients.Group(DoctorSchedule.Key(change.DoctorId, change.Date)).SendAsync(AvailabilityHub.SlotChanged, AvailabilityMessage.From(change));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var key in WatchedDays)
                {
                    await SubscribeAsync(key);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task ForgetAsync(string connectionId, IEnumerable<string> keys)
    {
        List<string> unwatched = [];
        lock (_lock)
        {
            foreach (var key in keys)
            {
                if (_watchers.TryGetValue(key, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
                {
                    _watchers.Remove(key);
                    unwatched.Add(key);
                }
            }
        }

        foreach (var key in unwatched)
        {
            try
            {
                await cluster.GetGrain<IDoctorScheduleGrain>(key).UnsubscribeAsync(Reference());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The subscription lapses by itself; nothing is lost.
                LogUnsubscribeFailed(logger, e, key);
            }
        }
    }

    /// <summary>A failure is logged, not thrown: the next renewal tries again, and clients refetch when they reconnect.</summary>
    private async Task SubscribeAsync(string key)
    {
        try
        {
            await cluster.GetGrain<IDoctorScheduleGrain>(key).SubscribeAsync(Reference());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSubscribeFailed(logger, e, key);
        }
    }

    private IAvailabilityObserver Reference()
    {
        lock (_lock)
        {
            return _reference ??= cluster.CreateObjectReference<IAvailabilityObserver>(this);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the availability of {Day}; retrying at the next renewal")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception, string day);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not unsubscribe from the availability of {Day}; the subscription lapses by itself")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string day);
}
