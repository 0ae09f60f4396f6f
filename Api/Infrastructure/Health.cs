using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Booking.Api.Infrastructure;

/// <summary>
/// <c>/health/live</c> (the process runs) and <c>/health/ready</c> (a grain call reaches the cluster and the database,
/// and the membership lists an Active silo).
/// </summary>
public static class Health
{
    public static WebApplicationBuilder AddBookingHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
            .AddCheck<MembershipHealthCheck>("membership", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapBookingHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

    /// <summary>Runs <paramref name="check"/> with two seconds to answer; not answering, or failing, is unhealthy with <paramref name="failure"/>.</summary>
    internal static async Task<HealthCheckResult> WithinTwoSecondsAsync(
        Func<CancellationToken, Task<HealthCheckResult>> check, string failure, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            return await check(timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy(failure, e);
        }
    }
}

/// <summary>Ready when a grain call reaches the cluster and the grain reaches the database, within two seconds.</summary>
public sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Health.WithinTwoSecondsAsync(async timeout =>
        {
            await cluster.GetGrain<IBookingQueryGrain>(0).PingAsync(timeout).WaitAsync(timeout);
            return HealthCheckResult.Healthy("The cluster and the database answer.");
        }, "The cluster or the database does not answer.", cancellationToken);
}

/// <summary>Ready when the cluster's membership lists at least one Active silo (asked through a silo, within two seconds).</summary>
public sealed class MembershipHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Health.WithinTwoSecondsAsync(async timeout =>
        {
            var active = (await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout)).Count;
            return active > 0
                ? HealthCheckResult.Healthy($"{active} silo(s) Active in the membership table.", new Dictionary<string, object> { ["active_silos"] = active })
                : HealthCheckResult.Unhealthy("No silo is Active in the membership table.");
        }, "The cluster's membership could not be read.", cancellationToken);
}
