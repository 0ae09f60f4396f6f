using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;

namespace Booking.Integration.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class BookingRaceTests(ApiFixture fixture)
{
    [Fact]
    public async Task FiveHundredConcurrentHttpBookingsOfOneSlotGiveOneCreatedAndConflictsForTheRest()
    {
        var slot = await fixture.SlotAsync();
        var http = fixture.Http;

        var responses = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i =>
        {
            await Task.Yield();
            using var response = await http.PostAsJsonAsync("/api/appointments/book", new
            {
                slot_id = slot,
                patient_name = $"Racer {i}",
                patient_email = $"racer{i}@example.com",
                patient_phone = "+1 555 0100",
            });
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Body: body);
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(499, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Contains("/problems/slot-taken", r.Body));
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slot));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE slot_id = @id", ("id", slot)));
    }
}
