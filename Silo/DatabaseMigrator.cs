using DbUp;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Booking.Silo;

/// <summary>
/// Applies the versioned scripts of <c>database/migrations</c> (embedded in this assembly) with DbUp.
/// Each script runs once, in name order, recorded in DbUp's journal table; the scripts themselves
/// can also be run again safely. Silos starting together take turns through a PostgreSQL advisory lock.
/// </summary>
public static class DatabaseMigrator
{
    private const string ResourcePrefix = "migrations.";

    // Any fixed number: every process that migrates this database locks the same one.
    private const long MigrationLockKey = 0x426F6F6B696E67;

    /// <summary>Brings the database named in <paramref name="connectionString"/> up to date; throws when a script fails.</summary>
    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        // A session lock on a connection of its own, outside any pool: pooled connections outlive
        // Dispose, and a lock left on one would block every later migration.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var lockConnection = new NpgsqlConnection(builder.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            take.CommandTimeout = 0;
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        DbUp.Engine.DatabaseUpgradeResult result;
        try
        {
            // DbUp is synchronous; it runs on this start-up thread before the host starts.
            result = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .WithTransactionPerScript()
                .WithVariablesDisabled()
                .LogTo(logger)
                .Build()
                .PerformUpgrade();
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }

        if (!result.Successful)
        {
            throw new InvalidOperationException($"Database migration failed in script {result.ErrorScript?.Name}.", result.Error);
        }

        logger.LogInformation("Database is up to date ({Count} scripts applied now)", result.Scripts.Count());
    }
}
