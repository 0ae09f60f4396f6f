using Booking.Integration.Tests.Infrastructure;
using Npgsql;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>The database stops taking connections while the system runs: bookings fail fast with 503 and recover after.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private SiloHost _silo = null!;
    private ApiFactory _api = null!;
    private HttpClient _http = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _silo = await SiloHost.StartAsync(_database.ConnectionString);
        _api = new ApiFactory(_silo);
        _http = _api.Anonymous();
        _admin = _api.Admin();
    }

    public async Task DisposeAsync()
    {
        await SetConnectionsAllowedAsync(true);
        _http?.Dispose();
        _admin?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task BookingWhileTheDatabaseIsDownIs503WithRetryAfterAndNothingIsLostOnceItIsBack()
    {
        var slots = await SlotsAsync(2);
        using (var warm = await _http.GetAsync($"/api/slots/{slots[0]}"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await SetConnectionsAllowedAsync(false);
        try
        {
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

        foreach (var slot in slots)
        {
            using var booked = await BookAsync(slot);
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            Assert.Equal(1, await _database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slot)));
        }
    }

    private Task<HttpResponseMessage> BookAsync(Guid slot) =>
        _http.PostAsJsonAsync("/api/appointments/book", new { slot_id = slot, patient_name = "Pat", patient_email = "pat@example.com", patient_phone = "+1 555 0100" });

    private Task<Guid[]> SlotsAsync(int count) => new AdminApi(_admin).SlotIdsAsync(count);

    /// <summary>Closes (or reopens) the test database to new connections and ends the open ones: the database is down for the silo.</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var admin = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE {_database.Name} WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection);
        await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", connection);
            terminate.Parameters.AddWithValue("name", _database.Name);
            await terminate.ExecuteNonQueryAsync();
        }
    }
}
