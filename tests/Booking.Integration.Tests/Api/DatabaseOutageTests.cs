using Booking.Integration.Tests.Infrastructure;
using Npgsql;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>The database stops taking connections while the system runs: bookings fail fast with 503 and recover after.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private TestSystem _system = null!;

    public async Task InitializeAsync() => _system = await TestSystem.Create().WithApi().StartAsync();

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await SetConnectionsAllowedAsync(true);
            await _system.DisposeAsync();
        }
    }

    [Fact]
    public async Task BookingWhileTheDatabaseIsDownIs503WithRetryAfterAndNothingIsLostOnceItIsBack()
    {
        var slots = await SlotsAsync(2);
        using (var warm = await _system.Anonymous.GetAsync($"/api/slots/{slots[0]}"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var siloHttp = _system.SiloHttp;
        using (var ready = await siloHttp.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await SetConnectionsAllowedAsync(false);
        try
        {
            // The silo says it cannot serve: its readiness includes the database (it stays live).
            using (var notReady = await siloHttp.GetAsync("/health/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            }

            using (var live = await siloHttp.GetAsync("/health/live"))
            {
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }

            foreach (var slot in slots)
            {
                // The first slot's grain is active (its state in memory), the second must activate from the database.
                using var refused = await BookAsync(slot);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.True(refused.Headers.RetryAfter is not null, "503 without Retry-After");
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("/problems/service-unavailable", problem.GetProperty("type").GetString());
            }
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }

        // Ready again once the database is back (a pooled connection it broke may fail one probe).
        await Eventually.AssertAsync(async () =>
        {
            using var readyAgain = await siloHttp.GetAsync("/health/ready");
            return readyAgain.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(15), "The silo did not become ready again after the database came back");

        foreach (var slot in slots)
        {
            using var booked = await BookAsync(slot);
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            Assert.Equal(1, await _system.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slot)));
        }
    }

    private Task<HttpResponseMessage> BookAsync(Guid slot) => _system.Patients.BookAsync(slot);

    private Task<Guid[]> SlotsAsync(int count) => _system.Admin.SlotIdsAsync(count);

    /// <summary>Closes (or reopens) the test database to new connections and ends the open ones: the database is down for the silo.</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var admin = new NpgsqlConnectionStringBuilder(_system.Database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE {_system.Database.Name} WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection);
        await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", connection);
            terminate.Parameters.AddWithValue("name", _system.Database.Name);
            await terminate.ExecuteNonQueryAsync();
        }
    }
}
