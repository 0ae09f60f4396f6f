using Booking.Integration.Tests.Infrastructure;
using Npgsql;
using System.Diagnostics;
using System.Net;

namespace Booking.Integration.Tests;

/// <summary>
/// booking_api_reader, the Api's database role in docker-compose.yml: migration 0011 creates it (NOLOGIN) with SELECT on
/// OrleansQuery and orleans_membership; database/compose/api-reader-login.sql, which Compose runs, lets it log in.
/// Here both run against a test database, then the role is tried by hand and by the real Api process.
/// </summary>
[Trait(Tier.Name, Tier.Process)]
[Collection(ProcessCollection.Name)]
public sealed class ApiDatabaseRoleTests
{
    [Fact]
    public async Task TheApisRoleReadsOnlyTheMembershipTablesAndTheApiBooksThroughIt()
    {
        await using var database = await TestDatabase.CreateAsync();
        var password = Guid.NewGuid().ToString("N");
        await RunComposeLoginScriptAsync(database.ConnectionString, password);
        var reader = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = "booking_api_reader", Password = password, Pooling = false }.ConnectionString;
        await using var asReader = NpgsqlDataSource.Create(reader);

        // What Orleans' ADO.NET gateway list provider runs: load its statements, then GatewaysQueryKey.
        Assert.True(await ScalarAsync(asReader, "SELECT count(*) FROM OrleansQuery WHERE QueryKey = 'GatewaysQueryKey'") == 1);
        Assert.True(await ScalarAsync(asReader, "SELECT count(*) FROM orleans_membership") >= 0);

        string[] refused =
        [
            "SELECT count(*) FROM appointments",
            "SELECT count(*) FROM doctors",
            "SELECT count(*) FROM idempotency_records",
            "SELECT count(*) FROM orleans_membership_version",
            "DELETE FROM orleans_membership",
            "UPDATE OrleansQuery SET QueryText = QueryText",
            "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('x', 'SELECT 1')",
            "CREATE TABLE api_reader_probe (id int)",
        ];
        foreach (var sql in refused)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(asReader, sql));
            Assert.True(error.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {error.SqlState} {error.MessageText}");
        }

        // The real Api, connected as the role, finds the silo's gateway (it is ready only once a grain call went through) and books.
        await using var system = await SystemProcesses.StartAsync(database.ConnectionString,
            apiEnvironment: new Dictionary<string, string> { ["ConnectionStrings__Booking"] = reader });
        var slot = (await system.Admin.SlotIdsAsync(1))[0];
        using var booked = await system.Http.SendAsync(BookingLoad.BookRequest(slot, Guid.NewGuid().ToString("N"), 1));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
    }

    /// <summary>Runs database/compose/api-reader-login.sql with psql, as Compose's api-db-role service does (as the owner).</summary>
    private static async Task RunComposeLoginScriptAsync(string ownerConnectionString, string apiPassword)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        var start = new ProcessStartInfo(Psql(), ["-f", Path.Combine(SystemProcesses.RepositoryRoot(), "database", "compose", "api-reader-login.sql")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGHOST"] = owner.Host;
        start.Environment["PGPORT"] = owner.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = owner.Database;
        start.Environment["PGUSER"] = owner.Username;
        start.Environment["PGPASSWORD"] = owner.Password;
        start.Environment["BOOKING_API_DB_PASSWORD"] = apiPassword;
        using var psql = Process.Start(start)!;
        var output = psql.StandardOutput.ReadToEndAsync();
        var errors = psql.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await psql.WaitForExitAsync(timeout.Token);
        Assert.True(psql.ExitCode == 0, $"psql -f api-reader-login.sql failed ({psql.ExitCode}):\n{await output}\n{await errors}");
    }

    /// <summary>psql of the PostgreSQL that ./test.sh runs ($PG_BIN), else the newest installed.</summary>
    private static string Psql()
    {
        var bin = Environment.GetEnvironmentVariable("PG_BIN");
        if (string.IsNullOrEmpty(bin) || !File.Exists(Path.Combine(bin, "psql")))
        {
            bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "psql"))).OrderBy(b => b.Length).ThenBy(b => b, StringComparer.Ordinal).Last();
        }

        return Path.Combine(bin, "psql");
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
