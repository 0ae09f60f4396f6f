using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>The doctor endpoints: create, read, list and filter, update, delete.</summary>
[Collection(ApiCollection.Name)]
public sealed class DoctorEndpointTests(ApiFixture fixture) : EndpointTestBase(fixture)
{
    [Fact]
    public async Task CreatingADoctorReturnsCreatedWithLocationAndTheDoctorInSnakeCase()
    {
        var email = $"create-{Guid.NewGuid():N}@example.com";
        using var response = await Http.PostAsJsonAsync("/api/doctors", new
        {
            name = "Dr Ada Create",
            specialization = "Neurology",
            email,
            phone = "+1 (555) 010-2000",
            experience_years = 17,
            bio = "Line one\nLine two",
            clinic_name = "North Clinic",
            time_zone = "Europe/Berlin",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        var doctor = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertFields(doctor, DoctorFields);
        var id = doctor.GetProperty("id").GetGuid();
        Assert.Equal($"/api/doctors/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Dr Ada Create", doctor.GetProperty("name").GetString());
        Assert.Equal("Neurology", doctor.GetProperty("specialization").GetString());
        Assert.Equal(email, doctor.GetProperty("email").GetString());
        Assert.Equal("+1 (555) 010-2000", doctor.GetProperty("phone").GetString());
        Assert.Equal(17, doctor.GetProperty("experience_years").GetInt32());
        Assert.Equal("Line one\nLine two", doctor.GetProperty("bio").GetString());
        Assert.Equal("North Clinic", doctor.GetProperty("clinic_name").GetString());
        Assert.Equal("Europe/Berlin", doctor.GetProperty("time_zone").GetString());
        AssertInstant(doctor, "created_at");
        AssertInstant(doctor, "updated_at");

        Assert.Equal(1, await Fixture.Database.ScalarAsync("SELECT count(*) FROM doctors WHERE id = @id AND email = @email", ("id", id), ("email", email)));
    }

    [Fact]
    public async Task CreatingADoctorWithoutTimeZoneDefaultsToUtcAndLeavesOptionalFieldsNull()
    {
        using var response = await Http.PostAsJsonAsync("/api/doctors", new
        {
            name = "Dr Minimal",
            specialization = "Pediatrics",
            email = $"minimal-{Guid.NewGuid():N}@example.com",
            phone = "5550100",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var doctor = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("UTC", doctor.GetProperty("time_zone").GetString());
        Assert.Equal(JsonValueKind.Null, doctor.GetProperty("experience_years").ValueKind);
        Assert.Equal(JsonValueKind.Null, doctor.GetProperty("bio").ValueKind);
        Assert.Equal(JsonValueKind.Null, doctor.GetProperty("clinic_name").ValueKind);
    }

    [Fact]
    public async Task GettingADoctorReturnsTheStoredDoctor()
    {
        var created = await Fixture.DoctorAsync("America/New_York");
        var id = created.GetProperty("id").GetGuid();

        using var response = await Http.GetAsync($"/api/doctors/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doctor = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertFields(doctor, DoctorFields);
        Assert.Equal(id, doctor.GetProperty("id").GetGuid());
        Assert.Equal(created.GetProperty("email").GetString(), doctor.GetProperty("email").GetString());
        Assert.Equal("America/New_York", doctor.GetProperty("time_zone").GetString());
        Assert.Equal(created.GetProperty("created_at").GetString(), doctor.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task ListingDoctorsFiltersBySpecializationIgnoringCaseAndOrdersByName()
    {
        var specialization = $"Spec{Guid.NewGuid():N}"[..24];
        var zed = await CreateDoctorAsync("Dr Zed Listed", specialization);
        var amy = await CreateDoctorAsync("Dr Amy Listed", specialization);
        await CreateDoctorAsync("Dr Other Listed", specialization + "x");

        using var response = await Http.GetAsync($"/api/doctors?specialization={specialization.ToUpperInvariant()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doctors = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, doctors.ValueKind);
        Assert.Equal([amy, zed], doctors.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToArray());
        Assert.All(doctors.EnumerateArray(), d => AssertFields(d, DoctorFields));
    }

    [Fact]
    public async Task ListingDoctorsWithSearchReturnsThoseWhoseNameContainsTheText()
    {
        var token = $"Q{Guid.NewGuid():N}"[..12];
        var match = await CreateDoctorAsync($"Dr {token} Smith", "Cardiology");
        await CreateDoctorAsync("Dr Nobody Smith", "Cardiology");

        using var response = await Http.GetAsync($"/api/doctors?search={token.ToLowerInvariant()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doctors = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([match], doctors.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToArray());

        using var combined = await Http.GetAsync($"/api/doctors?search={token}&specialization=Dermatology");
        Assert.Equal(HttpStatusCode.OK, combined.StatusCode);
        Assert.Empty((await combined.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Fact]
    public async Task ListingDoctorsWithoutFiltersIncludesANewDoctor()
    {
        var id = await CreateDoctorAsync("Dr Unfiltered", "Oncology");

        using var response = await Http.GetAsync("/api/doctors");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doctors = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(id, doctors.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task UpdatingADoctorReplacesTheProfileAndGetReturnsTheNewProfile()
    {
        var created = await Fixture.DoctorAsync();
        var id = created.GetProperty("id").GetGuid();
        var email = $"updated-{Guid.NewGuid():N}@example.com";

        using var response = await Http.PutAsJsonAsync($"/api/doctors/{id}", new
        {
            name = "Dr Renamed",
            specialization = "Orthopedics",
            email,
            phone = "+49 30 1234567",
            experience_years = 3,
            clinic_name = "South Clinic",
            time_zone = "Asia/Tokyo",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertFields(updated, DoctorFields);
        Assert.Equal(id, updated.GetProperty("id").GetGuid());
        Assert.Equal("Dr Renamed", updated.GetProperty("name").GetString());
        Assert.Equal(email, updated.GetProperty("email").GetString());
        Assert.Equal("Asia/Tokyo", updated.GetProperty("time_zone").GetString());
        Assert.Equal(3, updated.GetProperty("experience_years").GetInt32());
        Assert.True(Instant(updated, "updated_at") >= Instant(updated, "created_at"));

        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/doctors/{id}");
        Assert.Equal("Dr Renamed", read.GetProperty("name").GetString());
        Assert.Equal("Orthopedics", read.GetProperty("specialization").GetString());
        Assert.Equal(email, read.GetProperty("email").GetString());
        Assert.Equal("South Clinic", read.GetProperty("clinic_name").GetString());
        Assert.Equal(1, await Fixture.Database.ScalarAsync("SELECT count(*) FROM doctors WHERE id = @id AND name = 'Dr Renamed'", ("id", id)));
    }

    [Fact]
    public async Task UpdatingADoctorKeepingItsOwnEmailSucceeds()
    {
        var created = await Fixture.DoctorAsync();
        var id = created.GetProperty("id").GetGuid();

        using var response = await Http.PutAsJsonAsync($"/api/doctors/{id}", new
        {
            name = "Dr Same Email",
            specialization = "Dermatology",
            email = created.GetProperty("email").GetString(),
            phone = "+44 20 7946 0000",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DeletingADoctorReturnsNoContentAndThenTheDoctorAndItsSlotsAreGone()
    {
        var slot = (await Fixture.SlotsAsync(1))[0];
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        var slotId = slot.GetProperty("id").GetGuid();

        using var delete = await Http.DeleteAsync($"/api/doctors/{doctorId}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(await delete.Content.ReadAsByteArrayAsync());
        using var get = await Http.GetAsync($"/api/doctors/{doctorId}");
        await AssertProblemAsync(get, HttpStatusCode.NotFound, "/problems/not-found");
        using var getSlot = await Http.GetAsync($"/api/slots/{slotId}");
        await AssertProblemAsync(getSlot, HttpStatusCode.NotFound, "/problems/not-found");
        using var again = await Http.DeleteAsync($"/api/doctors/{doctorId}");
        await AssertProblemAsync(again, HttpStatusCode.NotFound, "/problems/not-found");
        Assert.Equal(0, await Fixture.Database.ScalarAsync("SELECT count(*) FROM doctors WHERE id = @id", ("id", doctorId)));
        Assert.Equal(0, await Fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id", ("id", doctorId)));
    }

    [Fact]
    public async Task DeletingADoctorWhileOneOfItsSlotsIsHeldReturnsConflictAndKeepsTheDoctor()
    {
        var slot = (await Fixture.SlotsAsync(2))[1];
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        await BookAsync(slot.GetProperty("id").GetGuid());

        using var delete = await Http.DeleteAsync($"/api/doctors/{doctorId}");

        await AssertProblemAsync(delete, HttpStatusCode.Conflict, "/problems/has-active-appointment");
        using var get = await Http.GetAsync($"/api/doctors/{doctorId}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(2, await Fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id", ("id", doctorId)));
    }
}
