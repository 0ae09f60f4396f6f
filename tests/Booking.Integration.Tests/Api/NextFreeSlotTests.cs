using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary><c>GET /api/slots/next</c>: each doctor's earliest bookable slot, for the doctor cards of the web app.</summary>
[Collection(ApiCollection.Name)]
public sealed class NextFreeSlotTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task EachDoctorsEarliestFreeSlotIsListedAndTakenSlotsAndDoctorsWithoutSlotsAreNot()
    {
        var slots = await fixture.SlotsAsync(3);
        var busyDoctor = slots[0].GetProperty("doctor_id").GetGuid();
        var idleDoctor = (await fixture.DoctorAsync()).GetProperty("id").GetGuid();
        using (var booked = await Http.PostAsJsonAsync("/api/appointments/book", new
        {
            slot_id = slots[0].GetProperty("id").GetGuid(),
            patient_name = "Grace Hopper",
            patient_email = "grace@example.com",
            patient_phone = "+1 555 0100",
        }))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        var next = await Http.GetFromJsonAsync<JsonElement[]>($"/api/slots/next?doctor_ids={busyDoctor},{idleDoctor}");

        var only = Assert.Single(next!);
        Assert.Equal(busyDoctor, only.GetProperty("doctor_id").GetGuid());
        Assert.Equal(slots[1].GetProperty("id").GetGuid(), only.GetProperty("id").GetGuid());
        Assert.Equal("09:30", only.GetProperty("time").GetString());
        Assert.Equal(ApiFixture.FutureDate, only.GetProperty("date").GetString());
        Assert.True(only.GetProperty("is_available").GetBoolean());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?doctor_ids=")]
    [InlineData("?doctor_ids=not-a-uuid")]
    public async Task MissingOrMalformedDoctorIdsAreRefusedWithFieldErrors(string query)
    {
        using var response = await Http.GetAsync($"/api/slots/next{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/problems/validation-error", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("doctor_ids", out _));
    }
}
