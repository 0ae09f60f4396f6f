using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Booking.Silo;

/// <summary>
/// Membership timing for a small cluster on a busy machine: a crashed silo is declared dead within seconds
/// (Orleans' defaults take ~10-13 s) and its row is deleted minutes later, not after a week. Every value can be
/// overridden under <c>Orleans:Membership</c> (e.g. <c>Orleans__Membership__ProbeTimeout=00:00:05</c>).
/// </summary>
public static class MembershipTiming
{
    /// <summary>The configuration section whose keys override <see cref="ClusterMembershipOptions"/>.</summary>
    public const string SectionName = "Orleans:Membership";

    /// <summary>Sets the booking defaults for <see cref="ClusterMembershipOptions"/>, then binds overrides from <see cref="SectionName"/>.</summary>
    public static ISiloBuilder AddBookingMembershipTiming(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(Defaults)
            .Bind(configuration.GetSection(SectionName));
        return silo;
    }

    /// <summary>The booking defaults; Silo/README.md "Membership timing" explains each.</summary>
    public static void Defaults(ClusterMembershipOptions o)
    {
        // Probe every 2 s; three missed probes make a silo suspect (~6 s after a crash). Not the 1 s x 2 measured on an
        // idle box: on two busy shared cores that declared live, merely slow silos dead, and a silo declared dead stops.
        o.ProbeTimeout = TimeSpan.FromSeconds(2);
        o.NumMissedProbesLimit = 3;

        // Two votes (Orleans lowers this to a majority of what is alive, so one survivor of two still decides alone).
        o.NumVotesForDeathDeclaration = 2;

        // Read the table every 5 s (Orleans: 60 s) and write the heartbeat every 10 s (Orleans: 30 s), so clients
        // and silos that missed the gossip learn of a death or a join within seconds.
        o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);

        // Delete dead rows once they are 10 minutes old (Orleans: a week, at least an hour), checked every minute.
        // 10 minutes still exceeds MaxJoinAttemptTime (5 minutes), which the retention must.
        o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(1);
        o.DefunctSiloExpiration = TimeSpan.FromMinutes(10);
        o.DefunctSiloMinimumRetention = TimeSpan.FromMinutes(10);
    }
}
