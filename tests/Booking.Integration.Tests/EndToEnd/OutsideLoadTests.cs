using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.EndToEnd;

/// <summary>The system as a user runs it (separate Silo and Api processes), driven over real HTTP from outside.</summary>
[Trait(Tier.Name, Tier.Process)]
[Collection(ProcessCollection.Name)]
public sealed class OutsideLoadTests : SystemProcessTest
{
    [Fact]
    public async Task TwoThousandBookingsOfOneSlotFromTwoHundredConcurrentClientsOutsideGiveOneCreatedAndNoServerError()
    {
        var http = Processes.Http;
        var doctorId = (await Processes.Admin.DoctorAsync(name: "Dr Load")).GetProperty("id").GetGuid();
        var date = AdminApi.FutureDate(7);
        var slotId = (await Processes.Admin.SlotsAsync(doctorId, date, ["10:00"]))[0].GetProperty("id").GetGuid();

        // 2,000 requests, 200 in flight at any moment (more would only queue in the client's connection pool).
        using var gate = new SemaphoreSlim(200);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 2000).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await http.PostAsJsonAsync("/api/appointments/book", new
                {
                    doctor_id = doctorId,
                    appointment_date = date,
                    appointment_time = "10:00",
                    patient_name = $"Patient {i}",
                    patient_email = $"p{i}@example.com",
                    patient_phone = "+1 555 0101",
                });
                return response.StatusCode;
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(1999, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.Equal(1, await Database.ActiveAppointmentsAsync(slotId));
    }
}
