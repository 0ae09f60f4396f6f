using Booking.Integration.Tests.Infrastructure;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// Every endpoint of the Api over HTTP, on the real silo and database: status codes, Location headers,
/// snake_case JSON with the seed's field names and the wire formats of dates, times and instants.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class EndpointTests(ApiFixture fixture)
{
    private static readonly string[] DoctorFields =
        ["id", "name", "specialization", "email", "phone", "experience_years", "bio", "clinic_name", "time_zone", "created_at", "updated_at"];

    private static readonly string[] SlotFields = ["id", "doctor_id", "date", "time", "duration_minutes", "is_available", "created_at"];

    private static readonly string[] AppointmentFields =
    [
        "id", "slot_id", "doctor_id", "patient_name", "patient_email", "patient_phone", "reason", "appointment_date",
        "appointment_time", "status", "created_at", "expires_at", "updated_at", "now", "cancellation_reason",
    ];

    private HttpClient Http => fixture.Http;

    // ---- Doctors ----

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

        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM doctors WHERE id = @id AND email = @email", ("id", id), ("email", email)));
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
        var created = await fixture.DoctorAsync("America/New_York");
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
        var created = await fixture.DoctorAsync();
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
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM doctors WHERE id = @id AND name = 'Dr Renamed'", ("id", id)));
    }

    [Fact]
    public async Task UpdatingADoctorKeepingItsOwnEmailSucceeds()
    {
        var created = await fixture.DoctorAsync();
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
        var slot = (await fixture.SlotsAsync(1))[0];
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
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM doctors WHERE id = @id", ("id", doctorId)));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id", ("id", doctorId)));
    }

    [Fact]
    public async Task DeletingADoctorWhileOneOfItsSlotsIsHeldReturnsConflictAndKeepsTheDoctor()
    {
        var slot = (await fixture.SlotsAsync(2))[1];
        var doctorId = slot.GetProperty("doctor_id").GetGuid();
        await BookAsync(slot.GetProperty("id").GetGuid());

        using var delete = await Http.DeleteAsync($"/api/doctors/{doctorId}");

        await AssertProblemAsync(delete, HttpStatusCode.Conflict, "/problems/has-active-appointment");
        using var get = await Http.GetAsync($"/api/doctors/{doctorId}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(2, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id", ("id", doctorId)));
    }

    // ---- Slots ----

    [Fact]
    public async Task CreatingOneSlotByDateAndTimeReturnsCreatedWithLocationAndTheSlot()
    {
        var doctorId = (await fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var date = FutureDate(20);

        using var response = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, time = "14:30" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertFields(body, ["created", "slots"]);
        Assert.Equal(1, body.GetProperty("created").GetInt32());
        var slot = Assert.Single(body.GetProperty("slots").EnumerateArray());
        AssertSlot(slot);
        var id = slot.GetProperty("id").GetGuid();
        Assert.Equal($"/api/slots/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(doctorId, slot.GetProperty("doctor_id").GetGuid());
        Assert.Equal(date, slot.GetProperty("date").GetString());
        Assert.Equal("14:30", slot.GetProperty("time").GetString());
        Assert.Equal(30, slot.GetProperty("duration_minutes").GetInt32());
        Assert.True(slot.GetProperty("is_available").GetBoolean());
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM slots WHERE id = @id AND doctor_id = @doctor AND time = '14:30'", ("id", id), ("doctor", doctorId)));
    }

    [Fact]
    public async Task CreatingSlotsFromAListOfTimesCreatesOneSlotPerTimeWithTheGivenDuration()
    {
        var doctorId = (await fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var date = FutureDate(21);

        using var response = await Http.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctorId,
            date,
            times = new[] { "08:00", "08:20", "16:45" },
            duration_minutes = 20,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, body.GetProperty("created").GetInt32());
        var slots = body.GetProperty("slots").EnumerateArray().ToArray();
        Assert.All(slots, AssertSlot);
        Assert.Equal(["08:00", "08:20", "16:45"], slots.Select(s => s.GetProperty("time").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(slots, s => Assert.Equal(date, s.GetProperty("date").GetString()));
        Assert.All(slots, s => Assert.Equal(20, s.GetProperty("duration_minutes").GetInt32()));
        Assert.Equal(3, slots.Select(s => s.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.Equal(3, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id AND duration_minutes = 20", ("id", doctorId)));
    }

    [Fact]
    public async Task CreatingARangeOfSlotsGeneratesEveryDayAndEveryFullSlotBetweenStartAndEndTime()
    {
        var doctorId = (await fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(40);

        // 09:00 to 11:00 in 45-minute slots: 09:00 and 09:45 fit, 10:30 would end after 11:00.
        using var response = await Http.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctorId,
            start_date = Format(first),
            end_date = Format(first.AddDays(2)),
            start_time = "09:00",
            end_time = "11:00",
            slot_minutes = 45,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(6, body.GetProperty("created").GetInt32());
        var slots = body.GetProperty("slots").EnumerateArray().ToArray();
        Assert.All(slots, AssertSlot);
        Assert.All(slots, s => Assert.Equal(45, s.GetProperty("duration_minutes").GetInt32()));
        string[] expected =
        [
            $"{Format(first)} 09:00", $"{Format(first)} 09:45",
            $"{Format(first.AddDays(1))} 09:00", $"{Format(first.AddDays(1))} 09:45",
            $"{Format(first.AddDays(2))} 09:00", $"{Format(first.AddDays(2))} 09:45",
        ];
        Assert.Equal(expected, slots.Select(s => $"{s.GetProperty("date").GetString()} {s.GetProperty("time").GetString()}").Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(6, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id", ("id", doctorId)));
    }

    [Fact]
    public async Task CreatingARangeOfAWeekOfSlotsCreatesAllOfThem()
    {
        var doctorId = (await fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(50);

        using var response = await Http.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctorId,
            start_date = Format(first),
            end_date = Format(first.AddDays(6)),
            start_time = "08:00",
            end_time = "17:00",
            slot_minutes = 30,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(7 * 18, body.GetProperty("created").GetInt32());
        Assert.Equal(7 * 18, body.GetProperty("slots").GetArrayLength());
        Assert.Equal(7 * 18, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @id", ("id", doctorId)));
        using var list = await Http.GetAsync($"/api/slots?doctor_id={doctorId}&date={Format(first.AddDays(6))}");
        var lastDay = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.Equal(18, lastDay.Length);
        Assert.Equal("08:00", lastDay[0].GetProperty("time").GetString());
        Assert.Equal("16:30", lastDay[^1].GetProperty("time").GetString());
    }

    [Fact]
    public async Task GettingASlotReturnsItAndAHeldSlotReadsAsUnavailable()
    {
        var slot = (await fixture.SlotsAsync(1))[0];
        var id = slot.GetProperty("id").GetGuid();

        using var response = await Http.GetAsync($"/api/slots/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertSlot(read);
        Assert.Equal(id, read.GetProperty("id").GetGuid());
        Assert.Equal(slot.GetProperty("doctor_id").GetGuid(), read.GetProperty("doctor_id").GetGuid());
        Assert.Equal(slot.GetProperty("date").GetString(), read.GetProperty("date").GetString());
        Assert.Equal("09:00", read.GetProperty("time").GetString());
        Assert.True(read.GetProperty("is_available").GetBoolean());

        await BookAsync(id);
        var held = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{id}");
        Assert.False(held.GetProperty("is_available").GetBoolean());
    }

    [Fact]
    public async Task ListingSlotsShowsOnlyAvailableSlotsUnlessIncludeIsAll()
    {
        var slots = await fixture.SlotsAsync(3);
        var doctorId = slots[0].GetProperty("doctor_id").GetGuid();
        var ids = slots.Select(s => s.GetProperty("id").GetGuid()).ToArray();
        await BookAsync(ids[1]);

        using var available = await Http.GetAsync($"/api/slots?doctor_id={doctorId}");
        Assert.Equal(HttpStatusCode.OK, available.StatusCode);
        var listed = (await available.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.All(listed, AssertSlot);
        Assert.Equal([ids[0], ids[2]], listed.Select(s => s.GetProperty("id").GetGuid()).ToArray());
        Assert.All(listed, s => Assert.True(s.GetProperty("is_available").GetBoolean()));

        using var explicitAvailable = await Http.GetAsync($"/api/slots?doctor_id={doctorId}&include=available");
        Assert.Equal(HttpStatusCode.OK, explicitAvailable.StatusCode);
        Assert.Equal(2, (await explicitAvailable.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());

        using var all = await Http.GetAsync($"/api/slots?doctor_id={doctorId}&include=all");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var everything = (await all.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.Equal(ids, everything.Select(s => s.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal([true, false, true], everything.Select(s => s.GetProperty("is_available").GetBoolean()).ToArray());
    }

    [Fact]
    public async Task ListingSlotsFiltersByDoctorAndDate()
    {
        var doctorId = (await fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var otherDoctorId = (await fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var day1 = FutureDate(25);
        var day2 = FutureDate(26);
        await CreateSlotsAsync(doctorId, day1, "10:00", "11:00");
        await CreateSlotsAsync(doctorId, day2, "12:00");
        await CreateSlotsAsync(otherDoctorId, day1, "10:00");

        var byDoctor = await Http.GetFromJsonAsync<JsonElement>($"/api/slots?doctor_id={doctorId}");
        Assert.Equal([$"{day1} 10:00", $"{day1} 11:00", $"{day2} 12:00"], Describe(byDoctor));
        Assert.All(byDoctor.EnumerateArray(), s => Assert.Equal(doctorId, s.GetProperty("doctor_id").GetGuid()));

        var byDoctorAndDate = await Http.GetFromJsonAsync<JsonElement>($"/api/slots?doctor_id={doctorId}&date={day2}");
        Assert.Equal([$"{day2} 12:00"], Describe(byDoctorAndDate));

        var byDate = await Http.GetFromJsonAsync<JsonElement>($"/api/slots?date={day1}");
        var byDateDoctors = byDate.EnumerateArray().Select(s => s.GetProperty("doctor_id").GetGuid()).ToHashSet();
        Assert.Contains(doctorId, byDateDoctors);
        Assert.Contains(otherDoctorId, byDateDoctors);
        Assert.All(byDate.EnumerateArray(), s => Assert.Equal(day1, s.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task DeletingAFreeSlotReturnsNoContentAndThenNotFound()
    {
        var id = await fixture.SlotAsync();

        using var delete = await Http.DeleteAsync($"/api/slots/{id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var get = await Http.GetAsync($"/api/slots/{id}");
        await AssertProblemAsync(get, HttpStatusCode.NotFound, "/problems/not-found");
        using var again = await Http.DeleteAsync($"/api/slots/{id}");
        await AssertProblemAsync(again, HttpStatusCode.NotFound, "/problems/not-found");
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task DeletingAHeldSlotReturnsConflictAndKeepsTheSlot()
    {
        var id = await fixture.SlotAsync();
        await BookAsync(id);

        using var delete = await Http.DeleteAsync($"/api/slots/{id}");

        await AssertProblemAsync(delete, HttpStatusCode.Conflict, "/problems/has-active-appointment");
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE id = @id", ("id", id)));
        using var get = await Http.GetAsync($"/api/slots/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    // ---- Appointments ----

    [Fact]
    public async Task BookingBySlotIdReturnsCreatedWithLocationAndAPendingHoldThatExpiresAfterTheHoldDuration()
    {
        var slot = (await fixture.SlotsAsync(1))[0];
        var slotId = slot.GetProperty("id").GetGuid();

        using var response = await Http.PostAsJsonAsync("/api/appointments/book", new
        {
            slot_id = slotId,
            patient_name = "Grace Patient",
            patient_email = "grace@example.com",
            patient_phone = "+1 555 0142",
            reason = "Annual check-up",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var appointment = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertAppointment(appointment, booked: true);
        var id = appointment.GetProperty("id").GetGuid();
        Assert.Equal($"/api/appointments/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("PENDING", appointment.GetProperty("status").GetString());
        Assert.Equal(slotId, appointment.GetProperty("slot_id").GetGuid());
        Assert.Equal(slot.GetProperty("doctor_id").GetGuid(), appointment.GetProperty("doctor_id").GetGuid());
        Assert.Equal(slot.GetProperty("date").GetString(), appointment.GetProperty("appointment_date").GetString());
        Assert.Equal("09:00", appointment.GetProperty("appointment_time").GetString());
        Assert.Equal("Grace Patient", appointment.GetProperty("patient_name").GetString());
        Assert.Equal("grace@example.com", appointment.GetProperty("patient_email").GetString());
        Assert.Equal("+1 555 0142", appointment.GetProperty("patient_phone").GetString());
        Assert.Equal("Annual check-up", appointment.GetProperty("reason").GetString());
        var hold = Instant(appointment, "expires_at") - Instant(appointment, "created_at");
        Assert.InRange(hold, TimeSpan.FromSeconds(ApiFixture.HoldSeconds - 0.5), TimeSpan.FromSeconds(ApiFixture.HoldSeconds + 0.5));
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM appointments WHERE id = @id AND slot_id = @slot AND status = 'PENDING'", ("id", id), ("slot", slotId)));
    }

    [Fact]
    public async Task BookingByDoctorDateAndTimeBooksThatSlot()
    {
        var slots = await fixture.SlotsAsync(3);
        var target = slots[2];

        using var response = await Http.PostAsJsonAsync("/api/appointments/book", new
        {
            doctor_id = target.GetProperty("doctor_id").GetGuid(),
            appointment_date = target.GetProperty("date").GetString(),
            appointment_time = "10:00",
            patient_name = "Alan Patient",
            patient_email = "alan@example.com",
            patient_phone = "555-0199",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var appointment = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertAppointment(appointment, booked: true);
        Assert.Equal($"/api/appointments/{appointment.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
        Assert.Equal("PENDING", appointment.GetProperty("status").GetString());
        Assert.Equal(target.GetProperty("id").GetGuid(), appointment.GetProperty("slot_id").GetGuid());
        Assert.Equal("10:00", appointment.GetProperty("appointment_time").GetString());
        Assert.Equal(JsonValueKind.Null, appointment.GetProperty("reason").ValueKind);
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(target.GetProperty("id").GetGuid()));
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slots[0].GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task GettingAnAppointmentReturnsItWithTheServerNow()
    {
        var booked = await BookAsync(await fixture.SlotAsync());
        var id = booked.GetProperty("id").GetGuid();

        using var response = await Http.GetAsync($"/api/appointments/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var appointment = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertAppointment(appointment);
        Assert.Equal(id, appointment.GetProperty("id").GetGuid());
        Assert.Equal(booked.GetProperty("slot_id").GetGuid(), appointment.GetProperty("slot_id").GetGuid());
        Assert.Equal(booked.GetProperty("expires_at").GetString(), appointment.GetProperty("expires_at").GetString());
        Assert.True(Instant(appointment, "now") >= Instant(booked, "created_at"));
    }

    [Fact]
    public async Task AnAppointmentWhoseHoldLapsedReadsAsExpiredAndItsSlotIsAvailableAgain()
    {
        var slotId = await fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();

        await WaitForLapseAsync(booked);

        var appointment = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("EXPIRED", appointment.GetProperty("status").GetString());
        Assert.True(Instant(appointment, "now") > Instant(appointment, "expires_at"));
        var slot = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{slotId}");
        Assert.True(slot.GetProperty("is_available").GetBoolean());
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM appointments WHERE slot_id = @slot AND status IN ('PENDING', 'CONFIRMED') AND expires_at > now()", ("slot", slotId)));
    }

    [Fact]
    public async Task ConfirmingAPendingHoldReturnsConfirmedAndConfirmingAgainReturnsTheSame()
    {
        var slotId = await fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();

        using var confirm = await Http.PutAsync($"/api/appointments/{id}/confirm", null);

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var confirmed = await confirm.Content.ReadFromJsonAsync<JsonElement>();
        AssertAppointment(confirmed);
        Assert.Equal(id, confirmed.GetProperty("id").GetGuid());
        Assert.Equal("CONFIRMED", confirmed.GetProperty("status").GetString());

        using var again = await Http.PutAsync($"/api/appointments/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("CONFIRMED", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("CONFIRMED", read.GetProperty("status").GetString());
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND status = 'CONFIRMED'", ("id", id)));
    }

    [Fact]
    public async Task AConfirmedAppointmentStaysConfirmedAfterTheHoldDurationAndKeepsItsSlot()
    {
        var slotId = await fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();
        using var confirm = await Http.PutAsync($"/api/appointments/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);

        await WaitForLapseAsync(booked);

        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("CONFIRMED", read.GetProperty("status").GetString());
        using var again = await Http.PutAsync($"/api/appointments/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var slot = await Http.GetFromJsonAsync<JsonElement>($"/api/slots/{slotId}");
        Assert.False(slot.GetProperty("is_available").GetBoolean());
        using var rebook = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 9));
        await AssertProblemAsync(rebook, HttpStatusCode.Conflict, "/problems/slot-taken");
    }

    [Fact]
    public async Task ConfirmingAfterTheHoldLapsedReturnsConflictWithHoldExpiredType()
    {
        var slotId = await fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var id = booked.GetProperty("id").GetGuid();

        await WaitForLapseAsync(booked);
        using var confirm = await Http.PutAsync($"/api/appointments/{id}/confirm", null);

        await AssertProblemAsync(confirm, HttpStatusCode.Conflict, "/problems/hold-expired");
        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{id}");
        Assert.Equal("EXPIRED", read.GetProperty("status").GetString());
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments WHERE id = @id AND status = 'CONFIRMED'", ("id", id)));

        // The lapsed hold freed the slot: someone else can book it now.
        using var rebook = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 2));
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
    }

    [Fact]
    public async Task ListingAppointmentsFiltersByStatusDoctorDateAndPatientEmail()
    {
        var doctorId = (await fixture.DoctorAsync()).GetProperty("id").GetGuid();
        var day1 = FutureDate(33);
        var day2 = FutureDate(34);
        var slotIds = (await CreateSlotsAsync(doctorId, day1, "09:00", "09:30")).Concat(await CreateSlotsAsync(doctorId, day2, "09:00")).ToArray();
        var email = $"filter-{Guid.NewGuid():N}@example.com";
        var first = (await BookAsync(slotIds[0], email)).GetProperty("id").GetGuid();
        var second = (await BookAsync(slotIds[1])).GetProperty("id").GetGuid();
        var third = (await BookAsync(slotIds[2], email)).GetProperty("id").GetGuid();
        using (var confirm = await Http.PutAsync($"/api/appointments/{second}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        Assert.Equal([third, second, first], await ListIdsAsync($"doctor_id={doctorId}"));
        Assert.Equal([second, first], await ListIdsAsync($"doctor_id={doctorId}&date={day1}"));
        Assert.Equal([third, first], await ListIdsAsync($"patient_email={email.ToUpperInvariant()}"));
        Assert.Equal([third], await ListIdsAsync($"patient_email={email}&date={day2}"));
        Assert.Equal([second], await ListIdsAsync($"doctor_id={doctorId}&status=CONFIRMED"));
        Assert.Equal([second], await ListIdsAsync($"doctor_id={doctorId}&status=confirmed"));
        Assert.Empty(await ListIdsAsync($"doctor_id={doctorId}&status=CANCELLED"));
        Assert.Empty(await ListIdsAsync($"doctor_id={Guid.NewGuid()}"));

        // Once the holds lapse, the unconfirmed ones list as EXPIRED and no longer as PENDING.
        await WaitForLapseAsync(await Http.GetFromJsonAsync<JsonElement>($"/api/appointments/{third}"));
        Assert.Equal([third, first], await ListIdsAsync($"doctor_id={doctorId}&status=EXPIRED"));
        Assert.Empty(await ListIdsAsync($"doctor_id={doctorId}&status=PENDING"));
        Assert.Equal([second], await ListIdsAsync($"doctor_id={doctorId}&status=CONFIRMED"));
    }

    [Fact]
    public async Task ListingPendingAppointmentsShowsAFreshHold()
    {
        var slotId = await fixture.SlotAsync();
        var booked = await BookAsync(slotId);
        var doctorId = booked.GetProperty("doctor_id").GetGuid();

        using var response = await Http.GetAsync($"/api/appointments?doctor_id={doctorId}&status=PENDING");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertFields(page, ["items", "next_cursor"]);
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        AssertAppointment(item);
        Assert.Equal(booked.GetProperty("id").GetGuid(), item.GetProperty("id").GetGuid());
        Assert.Equal("PENDING", item.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task PagingThroughAppointmentsWithLimitAndCursorVisitsEveryItemOnceNewestFirst()
    {
        var slots = await fixture.SlotsAsync(7);
        var doctorId = slots[0].GetProperty("doctor_id").GetGuid();
        List<Guid> booked = [];
        foreach (var slot in slots)
        {
            booked.Add((await BookAsync(slot.GetProperty("id").GetGuid())).GetProperty("id").GetGuid());
        }

        List<Guid> seen = [];
        List<int> pageSizes = [];
        List<DateTimeOffset> created = [];
        string? cursor = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var url = $"/api/appointments?doctor_id={doctorId}&limit=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            pageSizes.Add(items.Length);
            seen.AddRange(items.Select(i => i.GetProperty("id").GetGuid()));
            created.AddRange(items.Select(i => Instant(i, "created_at")));
            if (page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null)
            {
                cursor = null;
                break;
            }

            cursor = page.GetProperty("next_cursor").GetString();
            Assert.False(string.IsNullOrEmpty(cursor));
        }

        Assert.Null(cursor);
        Assert.Equal([3, 3, 1], pageSizes);
        Assert.Equal(Enumerable.Reverse(booked).ToArray(), seen.ToArray());
        Assert.Equal(created.OrderDescending().ToArray(), created.ToArray());
    }

    [Fact]
    public async Task APageThatEndsExactlyAtTheLastItemHasNoNextCursorAfterIt()
    {
        var slots = await fixture.SlotsAsync(4);
        var doctorId = slots[0].GetProperty("doctor_id").GetGuid();
        foreach (var slot in slots)
        {
            await BookAsync(slot.GetProperty("id").GetGuid());
        }

        var first = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments?doctor_id={doctorId}&limit=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("next_cursor").GetString();
        Assert.False(string.IsNullOrEmpty(cursor));
        var second = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments?doctor_id={doctorId}&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);

        var whole = await Http.GetFromJsonAsync<JsonElement>($"/api/appointments?doctor_id={doctorId}&limit=4");
        Assert.Equal(4, whole.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task ListingAppointmentsWithoutLimitReturnsAtMostTheDefaultPageSize()
    {
        await BookAsync(await fixture.SlotAsync());

        using var response = await Http.GetAsync("/api/appointments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var count = page.GetProperty("items").GetArrayLength();
        Assert.InRange(count, 1, 50);
        var total = await fixture.Database.ScalarAsync("SELECT count(*) FROM appointments");
        Assert.Equal(Math.Min(total, 50), count);
        Assert.Equal(total > 50, page.GetProperty("next_cursor").ValueKind == JsonValueKind.String);
    }

    // ---- Documents and health ----

    [Fact]
    public async Task TheOpenApiDocumentIsJsonAndListsTheBookingPath()
    {
        using var response = await Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/appointments/book", out _));
        foreach (var path in new[] { "/api/doctors", "/api/doctors/{id}", "/api/slots", "/api/slots/{id}", "/api/appointments", "/api/appointments/{id}", "/api/appointments/{id}/confirm", "/api/appointments/{id}/reschedule" })
        {
            Assert.True(paths.TryGetProperty(path, out _) || paths.TryGetProperty(path + "/", out _), $"OpenAPI document lacks {path}");
        }
    }

    [Fact]
    public async Task TheScalarUiIsServed()
    {
        using var response = await Http.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointsAnswerOk(string path)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    // ---- Helpers ----

    private async Task<Guid> CreateDoctorAsync(string name, string specialization)
    {
        using var response = await Http.PostAsJsonAsync("/api/doctors", new
        {
            name,
            specialization,
            email = $"list-{Guid.NewGuid():N}@example.com",
            phone = "+1 555 0100",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid[]> CreateSlotsAsync(Guid doctorId, string date, params string[] times)
    {
        using var response = await Http.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, times });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("slots").EnumerateArray()
            .OrderBy(s => s.GetProperty("time").GetString(), StringComparer.Ordinal)
            .Select(s => s.GetProperty("id").GetGuid())
            .ToArray();
    }

    private static object Patient(Guid slotId, int n, string? email = null) => new
    {
        slot_id = slotId,
        patient_name = $"Patient {n}",
        patient_email = email ?? $"patient{n}@example.com",
        patient_phone = "+1 555 0100",
    };

    private async Task<JsonElement> BookAsync(Guid slotId, string? email = null)
    {
        using var response = await Http.PostAsJsonAsync("/api/appointments/book", Patient(slotId, 1, email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Guid[]> ListIdsAsync(string query)
    {
        using var response = await Http.GetAsync($"/api/appointments?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();
    }

    /// <summary>Waits, by the server's clock as the appointment reported it, until its hold has lapsed.</summary>
    private static async Task WaitForLapseAsync(JsonElement appointment)
    {
        var remaining = Instant(appointment, "expires_at") - Instant(appointment, "now");
        await Task.Delay((remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) + TimeSpan.FromMilliseconds(500));
    }

    private static string[] Describe(JsonElement slots) =>
        slots.EnumerateArray().Select(s => $"{s.GetProperty("date").GetString()} {s.GetProperty("time").GetString()}").ToArray();

    private static string FutureDate(int days) => Format(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days));

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void AssertFields(JsonElement element, string[] expected)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        var names = element.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.All(names, n => Assert.Matches(SnakeCase(), n));
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    private static void AssertSlot(JsonElement slot)
    {
        AssertFields(slot, SlotFields);
        Assert.Matches(DatePattern(), slot.GetProperty("date").GetString());
        Assert.Matches(TimePattern(), slot.GetProperty("time").GetString());
        Assert.True(slot.GetProperty("is_available").ValueKind is JsonValueKind.True or JsonValueKind.False);
        AssertInstant(slot, "created_at");
    }

    /// <summary>An appointment as read; a booking answer (<paramref name="booked"/>) also carries the access_token.</summary>
    private static void AssertAppointment(JsonElement appointment, bool booked = false)
    {
        AssertFields(appointment, booked ? [.. AppointmentFields, "access_token"] : AppointmentFields);
        Assert.Matches(DatePattern(), appointment.GetProperty("appointment_date").GetString());
        Assert.Matches(TimePattern(), appointment.GetProperty("appointment_time").GetString());
        Assert.Contains(appointment.GetProperty("status").GetString(), new[] { "PENDING", "CONFIRMED", "CANCELLED", "EXPIRED" });
        AssertInstant(appointment, "created_at");
        AssertInstant(appointment, "expires_at");
        AssertInstant(appointment, "updated_at");
        AssertInstant(appointment, "now");
    }

    private static void AssertInstant(JsonElement element, string field)
    {
        var text = element.GetProperty(field).GetString();
        Assert.Matches(InstantPattern(), text);
    }

    private static DateTimeOffset Instant(JsonElement element, string field) =>
        DateTimeOffset.Parse(element.GetProperty(field).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex InstantPattern();
}
