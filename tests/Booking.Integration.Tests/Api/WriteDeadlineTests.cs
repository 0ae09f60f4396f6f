using Booking.Grains;
using Booking.Grains.Data;
using Booking.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// What the Api promises about a booking it could not finish, with a one-second Orleans response timeout (so a half-second
/// write deadline): a 503 means the booking (or move) did not happen and never will, and a 504 names the appointment, which
/// the client can then read to learn whether it happened.
/// </summary>
public sealed class WriteDeadlineTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private SiloHost _silo = null!;
    private ApiFactory _api = null!;
    private HttpClient _http = null!;
    private AdminApi _admin = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _silo = await SiloHost.StartAsync(_database.ConnectionString);
        _api = new ApiFactory(_silo, new Dictionary<string, string> { ["Orleans:ResponseTimeout"] = "00:00:01" });
        _http = _api.Anonymous();
        _admin = new AdminApi(_api.Admin());
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
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

    private static object Booking(Guid slotId) => new
    {
        slot_id = slotId,
        patient_name = "Patient Deadline",
        patient_email = "deadline@example.com",
        patient_phone = "+15550100",
    };

    [Fact]
    public async Task ABookingThatCannotStartInTimeIs503WithRetryAfterAndNeverHappensLater()
    {
        var slotId = (await _admin.SlotIdsAsync(1))[0];
        HttpResponseMessage refused;
        await using (await TurnBlock.TakeAsync(_silo.Services.GetRequiredService<BookingDatabase>(), new BookingOptions().MaxConcurrentTransactions))
        {
            refused = await _http.PostAsJsonAsync("/api/appointments/book", Booking(slotId));
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("/problems/service-unavailable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }

        await Task.Delay(1000);
        Assert.Equal(0, await _database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @slot", ("slot", slotId)));
        using var retried = await _http.PostAsJsonAsync("/api/appointments/book", Booking(slotId));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    [Fact]
    public async Task AMoveThatCannotStartInTimeIs503WithRetryAfterAndNeverHappensLater()
    {
        var slots = await _admin.SlotIdsAsync(2);
        var (id, token) = await BookedAsync(slots[0]);
        HttpResponseMessage refused;
        await using (await TurnBlock.TakeAsync(_silo.Services.GetRequiredService<BookingDatabase>(), new BookingOptions().MaxConcurrentTransactions))
        {
            refused = await _http.SendAsync(Move(id, token, slots[1]));
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("/problems/service-unavailable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }

        await Task.Delay(1000);
        Assert.Equal(slots[0].ToString(), await _database.TextAsync("SELECT slot_id::text FROM appointments WHERE id = @id", ("id", id)));
        Assert.Equal(0, await _database.ActiveAppointmentsAsync(slots[1]));
        using var retried = await _http.SendAsync(Move(id, token, slots[1]));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    [Fact]
    public async Task AMoveWhoseAnswerIsLostIs504NamingTheAppointmentWhichIsThenFoundMoved()
    {
        var slots = await _admin.SlotIdsAsync(2);
        var (id, token) = await BookedAsync(slots[0]);

        // Another session holds the target's row, so the move's transaction starts and then waits past the Api's patience.
        await using var blocker = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM slots WHERE id = @id FOR UPDATE", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue("id", slots[1]);
            await lockRow.ExecuteNonQueryAsync();
        }

        using var lost = await _http.SendAsync(Move(id, token, slots[1]));
        await transaction.RollbackAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, lost.StatusCode);
        var problem = await lost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/problems/booking-outcome-unknown", problem.GetProperty("type").GetString());
        Assert.Equal(id, problem.GetProperty("appointment_id").GetGuid());

        // The transaction had started, so it runs to its end once the row is free: the appointment is found on the new slot.
        var moved = false;
        for (var until = DateTime.UtcNow.AddSeconds(10); !moved && DateTime.UtcNow < until; await Task.Delay(100))
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/appointments/{id}");
            read.Headers.Add("X-Appointment-Token", token);
            using var response = await _http.SendAsync(read);
            moved = response.StatusCode == HttpStatusCode.OK
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slot_id").GetGuid() == slots[1];
        }

        Assert.True(moved);
        Assert.Equal(0, await _database.ActiveAppointmentsAsync(slots[0]));
        Assert.Equal(1, await _database.ActiveAppointmentsAsync(slots[1]));

        // The old slot is free again: its grain learnt of the move when the move finished, long after the Api stopped waiting.
        using var rebook = await _http.PostAsJsonAsync("/api/appointments/book", Booking(slots[0]));
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
    }

    private async Task<(Guid Id, string Token)> BookedAsync(Guid slotId)
    {
        using var response = await _http.PostAsJsonAsync("/api/appointments/book", Booking(slotId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("access_token").GetString()!);
    }

    private static HttpRequestMessage Move(Guid id, string token, Guid slotId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/appointments/{id}/reschedule") { Content = JsonContent.Create(new { slot_id = slotId }) };
        request.Headers.Add("X-Appointment-Token", token);
        return request;
    }

    [Fact]
    public async Task ABookingWhoseAnswerIsLostIs504NamingTheAppointmentItThenFinds()
    {
        var slotId = (await _admin.SlotIdsAsync(1))[0];

        // Another session holds the slot row, so the booking's transaction starts and then waits past the Api's patience.
        await using var blocker = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM slots WHERE id = @id FOR UPDATE", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue("id", slotId);
            await lockRow.ExecuteNonQueryAsync();
        }

        using var lost = await _http.PostAsJsonAsync("/api/appointments/book", Booking(slotId));
        await transaction.RollbackAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, lost.StatusCode);
        var problem = await lost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/problems/booking-outcome-unknown", problem.GetProperty("type").GetString());
        var id = problem.GetProperty("appointment_id").GetGuid();
        var token = problem.GetProperty("access_token").GetString()!;

        // The transaction had started, so it runs to its end once the row is free: the appointment the 504 named exists.
        HttpStatusCode status = 0;
        JsonElement appointment = default;
        for (var until = DateTime.UtcNow.AddSeconds(10); status != HttpStatusCode.OK && DateTime.UtcNow < until; await Task.Delay(100))
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/appointments/{id}");
            read.Headers.Add("X-Appointment-Token", token);
            using var response = await _http.SendAsync(read);
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                appointment = await response.Content.ReadFromJsonAsync<JsonElement>();
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(slotId, appointment.GetProperty("slot_id").GetGuid());
        Assert.Equal("PENDING", appointment.GetProperty("status").GetString());
        Assert.Equal(1, await _database.ActiveAppointmentsAsync(slotId));
    }
}
