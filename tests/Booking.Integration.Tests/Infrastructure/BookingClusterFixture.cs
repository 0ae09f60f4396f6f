using Booking.Silo;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// One in-process Orleans cluster with the real booking services on a fresh PostgreSQL database,
/// shared by the tests of a collection. Holds last <see cref="HoldSeconds"/> seconds so expiry is testable.
/// </summary>
public class BookingClusterFixture : IAsyncLifetime
{
    public const int HoldSeconds = 3;

    /// <summary>How long past its time a hold is left to its reminder before the expiry sweep (every half second here) takes it.</summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromSeconds(3);

    public TestDatabase Database { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public TestData Data { get; private set; } = null!;

    /// <summary>Configuration on top of the defaults, for a fixture of a collection of its own.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Booking"] = Database.ConnectionString,
                ["Booking:HoldDuration"] = TimeSpan.FromSeconds(HoldSeconds).ToString(),
                ["Booking:ExpirySweepInterval"] = TimeSpan.FromMilliseconds(500).ToString(),
                ["Booking:ExpirySweepGrace"] = SweepGrace.ToString(),
            })
            .AddInMemoryCollection(Settings)
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddBookingServices(configuration));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Data = new TestData(Client, Database);
    }

    public async Task DisposeAsync()
    {
        // Null-safe: a failed start-up leaves some of these unset, and its own error is the one to see.
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<BookingClusterFixture>
{
    public const string Name = "cluster";
}
