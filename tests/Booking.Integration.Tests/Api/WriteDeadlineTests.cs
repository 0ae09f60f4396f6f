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
public sealed class WriteDeadlineTests(WriteDeadlineFixture fixture) : IClassFixture<WriteDeadlineFixture>
{
    private TestSystem Running => fixture.System;

    private HttpClient Http => Running.Anonymous;

    private TestDatabase Database => Running.Database;

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
        var slotId = (await Running.Admin.SlotIdsAsync(1))[0];
        HttpResponseMessage refused;
        await using (await TurnBlock.TakeAllAsync(Running.Services))
        {
            refused = await Http.PostAsJsonAsync("/api/appointments/book", Booking(slotId));
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("/problems/service-unavailable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }

        // The slot's grain takes one call at a time: the retry runs after the refused booking has ended, so a 201 (not a 409)
        // and one appointment, the retry's, prove that the refused one was not written then and cannot be written later.
        Assert.Equal(0, await Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @slot", ("slot", slotId)));
        using var retried = await Http.PostAsJsonAsync("/api/appointments/book", Booking(slotId));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var retriedId = (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal([retriedId.ToString()], await Database.TextsAsync("SELECT id::text FROM appointments WHERE slot_id = @slot", ("slot", slotId)));
    }

    [Fact]
    public async Task AMoveThatCannotStartInTimeIs503WithRetryAfterAndNeverHappensLater()
    {
        var slots = await Running.Admin.SlotIdsAsync(2);
        var (id, token) = await BookedAsync(slots[0]);
        HttpResponseMessage refused;
        await using (await TurnBlock.TakeAllAsync(Running.Services))
        {
            refused = await Http.SendAsync(Move(id, token, slots[1]));
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("/problems/service-unavailable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }

        // A read through the appointment's grain runs after the refused move has ended there: it is still on its old slot.
        using (var read = await Running.Patients.ReadAsync(id, token))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(slots[0], (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slot_id").GetGuid());
        }

        Assert.Equal(slots[0].ToString(), await Database.TextAsync("SELECT slot_id::text FROM appointments WHERE id = @id", ("id", id)));
        Assert.Equal(0, await Database.ActiveAppointmentsAsync(slots[1]));
        using var retried = await Http.SendAsync(Move(id, token, slots[1]));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(0, await Database.ActiveAppointmentsAsync(slots[0]));
        Assert.Equal(1, await Database.ActiveAppointmentsAsync(slots[1]));
    }

    [Fact]
    public async Task AMoveWhoseAnswerIsLostIs504NamingTheAppointmentWhichIsThenFoundMoved()
    {
        var slots = await Running.Admin.SlotIdsAsync(2);
        var (id, token) = await BookedAsync(slots[0]);

        // Another session holds the target's row, so the move's transaction starts and then waits past the Api's patience.
        await using var blocker = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM slots WHERE id = @id FOR UPDATE", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue("id", slots[1]);
            await lockRow.ExecuteNonQueryAsync();
        }

        using var lost = await Http.SendAsync(Move(id, token, slots[1]));
        await transaction.RollbackAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, lost.StatusCode);
        var problem = await lost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/problems/booking-outcome-unknown", problem.GetProperty("type").GetString());
        Assert.Equal(id, problem.GetProperty("appointment_id").GetGuid());

        // The transaction had started, so it runs to its end once the row is free: the appointment is found on the new slot.
        await Eventually.AssertAsync(async () =>
        {
            using var response = await Running.Patients.ReadAsync(id, token);
            return response.StatusCode == HttpStatusCode.OK
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slot_id").GetGuid() == slots[1];
        }, TimeSpan.FromSeconds(10), "The appointment the 504 named was not found on its new slot");
        Assert.Equal(0, await Database.ActiveAppointmentsAsync(slots[0]));
        Assert.Equal(1, await Database.ActiveAppointmentsAsync(slots[1]));

        // The old slot is free again: its grain learnt of the move when the move finished, long after the Api stopped waiting.
        using var rebook = await Http.PostAsJsonAsync("/api/appointments/book", Booking(slots[0]));
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
    }

    private async Task<(Guid Id, string Token)> BookedAsync(Guid slotId)
    {
        var booked = await Running.Patients.BookedAsync(slotId);
        return (booked.Id, booked.Token);
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
        var slotId = (await Running.Admin.SlotIdsAsync(1))[0];

        // Another session holds the slot row, so the booking's transaction starts and then waits past the Api's patience.
        await using var blocker = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM slots WHERE id = @id FOR UPDATE", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue("id", slotId);
            await lockRow.ExecuteNonQueryAsync();
        }

        using var lost = await Http.PostAsJsonAsync("/api/appointments/book", Booking(slotId));
        await transaction.RollbackAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, lost.StatusCode);
        var problem = await lost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/problems/booking-outcome-unknown", problem.GetProperty("type").GetString());
        var id = problem.GetProperty("appointment_id").GetGuid();
        var token = problem.GetProperty("access_token").GetString()!;

        // The transaction had started, so it runs to its end once the row is free: the appointment the 504 named exists.
        JsonElement appointment = default;
        await Eventually.AssertAsync(async () =>
        {
            using var response = await Running.Patients.ReadAsync(id, token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                appointment = await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), "The appointment the 504 named was not found");
        Assert.Equal(slotId, appointment.GetProperty("slot_id").GetGuid());
        Assert.Equal("PENDING", appointment.GetProperty("status").GetString());
        Assert.Equal(1, await Database.ActiveAppointmentsAsync(slotId));
    }
}

/// <summary>A system whose Api waits one second for a grain (Orleans:ResponseTimeout), so its write deadline is half a second.</summary>
public sealed class WriteDeadlineFixture : SystemFixture
{
    protected override TestSystemBuilder Build(TestSystemBuilder system) =>
        system.WithApi(new Dictionary<string, string> { ["Orleans:ResponseTimeout"] = "00:00:01" });
}
