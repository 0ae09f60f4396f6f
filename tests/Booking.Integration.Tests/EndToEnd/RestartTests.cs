using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.EndToEnd;

/// <summary>
/// Holds and idempotency records across a silo crash: the built Silo and Api as separate processes, the silo
/// SIGKILLed and started again on the same ports (the Api finds it again through the membership table). Holds last 6 s.
/// </summary>
[Trait(Tier.Name, Tier.Process)]
[Collection(ProcessCollection.Name)]
public sealed class RestartTests : SystemProcessTest
{
    private const int HoldSeconds = 6;

    /// <summary>How long after its due time (expires_at, or the restart if later) a hold may take to show as EXPIRED.</summary>
    private static readonly TimeSpan ExpiryAllowance = TimeSpan.FromSeconds(20);

    /// <summary>How long the system may take to serve again after a restart (declaring the old silo dead, reconnecting).</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(90);

    protected override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Booking__HoldDuration"] = TimeSpan.FromSeconds(HoldSeconds).ToString(),
    };

    private HttpClient Http => Processes.Http;

    [Fact]
    public async Task HoldsPendingWhenTheSiloIsKilledStillExpireAfterItRestartsAndTheirSlotsAreBookableAgain()
    {
        var slotIds = await SlotsAsync(4);
        var holds = new List<(Guid Id, DateTimeOffset ExpiresAt)>();
        foreach (var slotId in slotIds)
        {
            using var response = await Http.PostAsJsonAsync("/api/appointments/book", new
            {
                slot_id = slotId,
                patient_name = "Patient 1",
                patient_email = "patient1@example.com",
                patient_phone = "+1 555 0101",
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var booked = await response.Content.ReadFromJsonAsync<JsonElement>();
            holds.Add((booked.GetProperty("id").GetGuid(), Instant(booked, "expires_at")));
        }

        Assert.All(holds, h => Assert.True(h.ExpiresAt > DateTimeOffset.UtcNow, "A hold lapsed before the silo was killed; the test proves nothing."));
        await Processes.Silos[0].KillAsync();
        Assert.All(holds, h => Assert.True(h.ExpiresAt > DateTimeOffset.UtcNow, "A hold lapsed before the silo was killed; the test proves nothing."));
        await RestartAsync();
        var restarted = DateTimeOffset.UtcNow;

        await AssertAllExpireInTimeAsync(holds, restarted);
        await AssertBookableAsync(slotIds);
    }

    [Fact]
    public async Task HoldsThatLapseWhileTheSiloIsDownAreExpiredSoonAfterItComesBack()
    {
        var slotIds = await SlotsAsync(3);
        var holds = new List<(Guid Id, DateTimeOffset ExpiresAt)>();
        foreach (var slotId in slotIds)
        {
            var booked = await BookAsync(slotId, NewKey(), 1);
            holds.Add((booked.GetProperty("id").GetGuid(), Instant(booked, "expires_at")));
        }

        await Processes.Silos[0].KillAsync();

        // Stay down until every hold's time has passed: the expiry due then must not be lost with the silo.
        var lapse = holds.Max(h => h.ExpiresAt) + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (lapse > TimeSpan.Zero)
        {
            await Task.Delay(lapse);
        }

        foreach (var (id, _) in holds)
        {
            Assert.Equal("PENDING", await StoredStatusAsync(id));
        }

        await RestartAsync();
        var restarted = DateTimeOffset.UtcNow;

        await AssertAllExpireInTimeAsync(holds, restarted);
        await AssertBookableAsync(slotIds);
    }

    [Fact]
    public async Task AnIdempotencyKeyReplayedAfterASiloRestartReturnsTheSameAppointment()
    {
        var slotId = (await SlotsAsync(1))[0];
        var key = NewKey();
        var first = await BookAsync(slotId, key, 3);
        var id = first.GetProperty("id").GetGuid();

        await RestartAsync();

        var (status, replay) = await SendAsync(() => BookRequest(slotId, key, 3));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(id, replay.GetProperty("id").GetGuid());
        Assert.Equal(1, await Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @slot", ("slot", slotId)));
        Assert.Equal(1, await Database.ScalarAsync("SELECT count(*) FROM idempotency_records WHERE idempotency_key = @key", ("key", key)));

        // The key still belongs to its first body after the restart.
        var (reusedStatus, reused) = await SendAsync(() => BookRequest(slotId, key, 4));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reusedStatus);
        Assert.Equal("/problems/idempotency-key-reused", reused.GetProperty("type").GetString());
    }

    // ---- Helpers ----

    /// <summary>SIGKILLs the silo, starts it again on the same ports and waits until the Api serves through it.</summary>
    private async Task RestartAsync()
    {
        var silo = await Processes.RestartSiloAsync(0);
        Assert.False(silo.HasExited, silo.Output);
        await Processes.WaitUntilReadyAsync(RecoveryLimit);
    }

    /// <summary>Every hold is EXPIRED in the database by its due time (expires_at, or the restart if later) plus the allowance.</summary>
    private async Task AssertAllExpireInTimeAsync(List<(Guid Id, DateTimeOffset ExpiresAt)> holds, DateTimeOffset restarted)
    {
        foreach (var (id, expiresAt) in holds.OrderBy(h => h.ExpiresAt))
        {
            var deadline = (expiresAt > restarted ? expiresAt : restarted) + ExpiryAllowance;
            Assert.True(await Database.StatusBecomesAsync(id, "EXPIRED", deadline - DateTimeOffset.UtcNow),
                $"Hold {id} (expires_at {expiresAt:O}, silo ready again {restarted:O}) was not EXPIRED by {deadline:O}.\nSilo output:\n{Processes.Silos[0].Output}");
            Assert.Equal(1, await Database.ScalarAsync(
                "SELECT count(*) FROM appointment_events WHERE appointment_id = @id AND from_status = 'PENDING' AND to_status = 'EXPIRED'", ("id", id)));
            Assert.Equal(1, await Database.ScalarAsync(
                "SELECT count(*) FROM slots s JOIN appointments a ON a.slot_id = s.id WHERE a.id = @id AND s.is_available", ("id", id)));
        }
    }

    /// <summary>Each slot is listed as available and takes a new booking.</summary>
    private async Task AssertBookableAsync(IEnumerable<Guid> slotIds)
    {
        foreach (var slotId in slotIds)
        {
            var (getStatus, slot) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/api/slots/{slotId}"));
            Assert.Equal(HttpStatusCode.OK, getStatus);
            Assert.True(slot.GetProperty("is_available").GetBoolean());

            // A key makes the retries after a 503 safe: a retried booking is answered, not made twice.
            var (status, booked) = await SendAsync(() => BookRequest(slotId, NewKey(), 2));
            Assert.True(status == HttpStatusCode.Created, $"Booking slot {slotId} after the restart gave {(int)status}: {booked}");
            Assert.Equal(1, await Database.ActiveAppointmentsAsync(slotId));
        }
    }

    private Task<Guid[]> SlotsAsync(int count) => Processes.Admin.SlotIdsAsync(count, daysAhead: 7);

    private async Task<JsonElement> BookAsync(Guid slotId, string key, int patient)
    {
        var (status, body) = await SendAsync(() => BookRequest(slotId, key, patient));
        Assert.True(status == HttpStatusCode.Created, $"Booking gave {(int)status}: {body}");
        return body;
    }

    private static HttpRequestMessage BookRequest(Guid slotId, string key, int patient) => BookingLoad.BookRequest(slotId, key, patient);

    /// <summary>Sends the request, again while the Api answers 503 (the cluster is recovering), for at most the recovery limit.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Func<HttpRequestMessage> request)
    {
        var deadline = DateTime.UtcNow + RecoveryLimit;
        while (true)
        {
            using var message = request();
            using var response = await Http.SendAsync(message);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
            }

            await Task.Delay(500);
        }
    }

    private Task<string?> StoredStatusAsync(Guid id) => Database.StatusAsync(id);

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static DateTimeOffset Instant(JsonElement element, string field) =>
        DateTimeOffset.Parse(element.GetProperty(field).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
