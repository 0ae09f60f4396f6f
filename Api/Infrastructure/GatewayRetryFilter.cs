namespace Booking.Api.Infrastructure;

/// <summary>Keeps trying to reach the silos at start-up (they may still be starting), once a second.</summary>
public sealed class GatewayRetryFilter(ILogger<GatewayRetryFilter> logger) : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        logger.LogWarning("Cannot reach the cluster yet ({Reason}); retrying in 1 s", exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }
}
