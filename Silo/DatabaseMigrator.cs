using DbUp;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Booking.Silo;

/// <summary>
/// Applies the versioned scripts of <c>database/migrations</c> (embedded in this assembly) with DbUp.
/// Each script runs once, in name order, recorded in DbUp's journal table; the scripts themselves
/// can also be run again safely. Silos starting together take turns through an advisory lock.
/// </summary>
public static class DatabaseMigrator
{
    private const string ResourcePrefix = "migrations.";

    // Any fixed number: every process that migrates this database locks the same one.
    private const long MigrationLockKey = 0x426F6F6B696E67;

    /// <summary>Brings the database named in <paramref name="connectionString"/> up to date; throws when a script fails.</summary>
    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        // DbUp is synchronous; the advisory lock is released when the lock connection closes.
        var result = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogTo(logger)
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Database migration failed in script {result.ErrorScript?.Name}.", result.Error);
        }

        logger.LogInformation("Database is up to date ({Count} scripts applied now)", result.Scripts.Count());
    }
}
