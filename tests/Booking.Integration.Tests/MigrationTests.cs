using Booking.Integration.Tests.Infrastructure;
using Booking.Silo;
using Microsoft.Extensions.Logging.Abstractions;

namespace Booking.Integration.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task MigratingAgainAndConcurrentlyChangesNothingAndNeverBlocks()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journaled = await database.ScalarAsync("SELECT count(*) FROM schemaversions");
        var queries = await database.ScalarAsync("SELECT count(*) FROM OrleansQuery");

        // Silos starting together: every migration must finish, and the lock must be released after each.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => DatabaseMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance, timeout.Token)));

        Assert.Equal(typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("migrations.", StringComparison.Ordinal)), journaled);
        Assert.Equal(journaled, await database.ScalarAsync("SELECT count(*) FROM schemaversions"));
        Assert.Equal(queries, await database.ScalarAsync("SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task EveryScriptCanBeRunAgainOnAMigratedDatabase()
    {
        await using var database = await TestDatabase.CreateAsync();
        var assembly = typeof(DatabaseMigrator).Assembly;
        var scripts = assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations.", StringComparison.Ordinal)).Order().ToList();
        Assert.NotEmpty(scripts);

        foreach (var script in scripts)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(script)!);
            await database.ExecuteAsync(await reader.ReadToEndAsync());
        }

        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM doctors"));
    }
}
