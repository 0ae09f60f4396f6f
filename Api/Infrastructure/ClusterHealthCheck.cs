using Booking.Grains.Interfaces;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Booking.Api.Infrastructure;

/// <summary>Ready when a grain call reaches the cluster and the grain reaches the database, within two seconds.</summary>
public sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await cluster.GetGrain<IBookingQueryGrain>(0).PingAsync(timeout.Token).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy("The cluster and the database answer.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy("The cluster or the database does not answer.", e);
        }
    }
}
