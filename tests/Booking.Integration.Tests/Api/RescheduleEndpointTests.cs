using Booking.Api.Security;
using Booking.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// <c>POST /api/appointments/{id}/reschedule</c> and cancellation reasons over HTTP, on the real silo and database (holds of
/// 3 s): every answer, and that a refused request changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RescheduleEndpointTests(ApiFixture fixture)
{
    private HttpClient Anonymous => fixture.Anonymous;

    // ---- Moves ----

    [Fact]
    public async Task MovingAPendingHoldToAnotherDoctorsSlotAnswersItThereWithItsDeadlineAndItsTokenStillOpensIt()
    {
        var from = (await fixture.SlotsAsync(1))[0];
        var to = (await fixture.SlotsAsync(2))[1];
        var (booked, token) = await BookAsync(Id(from));

        using var response = await RescheduleAsync(Id(booked), new { slot_id = Id(to) }, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Id(booked), Id(moved));
        Assert.Equal(Id(to), moved.GetProperty("slot_id").GetGuid());
        Assert.Equal(to.GetProperty("doctor_id").GetGuid(), moved.GetProperty("doctor_id").GetGuid());
        Assert.Equal(to.GetProperty("date").GetString(), moved.GetProperty("appointment_date").GetString());
        Assert.Equal(to.GetProperty("time").GetString(), moved.GetProperty("appointment_time").GetString());
        Assert.Equal("PENDING", moved.GetProperty("status").GetString());
        Assert.Equal(booked.GetProperty("expires_at").GetString(), moved.GetProperty("expires_at").GetString());
        Assert.False(moved.TryGetProperty("access_token", out _), "a reschedule hands the token out again");

        using var read = await SendAsync(HttpMethod.Get, $"/api/appointments/{Id(booked)}", token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(Id(to), (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slot_id").GetGuid());

        // The old slot is listed and bookable again; the new one is not.
        Assert.Contains(Id(from), await ListedSlotIdsAsync(from.GetProperty("doctor_id").GetGuid()));
        Assert.DoesNotContain(Id(to), await ListedSlotIdsAsync(to.GetProperty("doctor_id").GetGuid()));
        using var rebook = await fixture.Patients.BookAsync(Id(from));
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
        using var taken = await fixture.Patients.BookAsync(Id(to));
        await AuthorizationTests.ProblemAsync(taken, HttpStatusCode.Conflict, "/problems/slot-taken");
    }

    [Fact]
    public async Task MovingAConfirmedAppointmentByDoctorDateAndTimeKeepsItConfirmedAndRecordsTheMove()
    {
        var slots = await fixture.SlotsAsync(2);
        var (booked, token) = await BookAsync(Id(slots[0]));
        using (var confirm = await SendAsync(HttpMethod.Put, $"/api/appointments/{Id(booked)}/confirm", token))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        using var response = await RescheduleAsync(Id(booked), new
        {
            doctor_id = slots[1].GetProperty("doctor_id").GetGuid(),
            appointment_date = slots[1].GetProperty("date").GetString(),
            appointment_time = slots[1].GetProperty("time").GetString(),
        }, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Id(slots[1]), moved.GetProperty("slot_id").GetGuid());
        Assert.Equal("CONFIRMED", moved.GetProperty("status").GetString());
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            """
            SELECT count(*) FROM appointment_events
            WHERE appointment_id = @id AND from_status = 'CONFIRMED' AND to_status = 'CONFIRMED' AND from_slot_id = @from AND to_slot_id = @to
            """,
            ("id", Id(booked)), ("from", Id(slots[0])), ("to", Id(slots[1]))));
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(Id(slots[0])));
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(Id(slots[1])));
    }

    // ---- Refusals ----

    [Fact]
    public async Task MovingIntoATakenSlotIs409SlotTakenAndTheAppointmentStaysWhereItWas()
    {
        var slots = await fixture.SlotsAsync(2);
        var (booked, token) = await BookAsync(Id(slots[0]));
        await BookAsync(Id(slots[1]));

        using var response = await RescheduleAsync(Id(booked), new { slot_id = Id(slots[1]) }, token);

        await AuthorizationTests.ProblemAsync(response, HttpStatusCode.Conflict, "/problems/slot-taken");
        Assert.Equal(Id(slots[0]), await StoredSlotAsync(Id(booked)));
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(Id(slots[1])));
    }

    [Fact]
    public async Task MovingToTheSlotItIsOnIs409SameSlot()
    {
        var slotId = await fixture.SlotAsync();
        var (booked, token) = await BookAsync(slotId);

        using var response = await RescheduleAsync(Id(booked), new { slot_id = slotId }, token);

        await AuthorizationTests.ProblemAsync(response, HttpStatusCode.Conflict, "/problems/same-slot");
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM appointment_events WHERE appointment_id = @id", ("id", Id(booked))));
    }

    [Fact]
    public async Task MovingToASlotThatHasStartedIs422SlotInPast()
    {
        var (booked, token) = await BookAsync(await fixture.SlotAsync());
        var doctor = await fixture.DoctorAsync();
        var past = Guid.NewGuid();
        await fixture.Database.InsertSlotAsync(past, Id(doctor), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), new TimeOnly(9, 0));

        using var response = await RescheduleAsync(Id(booked), new { slot_id = past }, token);

        await AuthorizationTests.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "/problems/slot-in-past");
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(past));
    }

    [Fact]
    public async Task AnUnknownTargetOrAnUnknownAppointmentIs404()
    {
        var slots = await fixture.SlotsAsync(2);
        var (booked, token) = await BookAsync(Id(slots[0]));

        using var unknownSlot = await RescheduleAsync(Id(booked), new { slot_id = Guid.NewGuid() }, token);
        using var noSlotThen = await RescheduleAsync(Id(booked), new
        {
            doctor_id = slots[1].GetProperty("doctor_id").GetGuid(), appointment_date = slots[1].GetProperty("date").GetString(), appointment_time = "23:59",
        }, token);
        using var unknownAppointment = await fixture.Http.PostAsJsonAsync($"/api/appointments/{Guid.NewGuid()}/reschedule", new { slot_id = Id(slots[1]) });

        foreach (var response in new[] { unknownSlot, noSlotThen, unknownAppointment })
        {
            await AuthorizationTests.ProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
        }

        Assert.Equal(Id(slots[0]), await StoredSlotAsync(Id(booked)));
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(Id(slots[1])));
    }

    [Fact]
    public async Task MovingACancelledAppointmentIs409AppointmentCancelledAndALapsedHold409HoldExpired()
    {
        var slots = await fixture.SlotsAsync(3);
        var (cancelled, cancelledToken) = await BookAsync(Id(slots[0]));
        var (lapsed, lapsedToken) = await BookAsync(Id(slots[1]));
        using (var cancel = await SendAsync(HttpMethod.Put, $"/api/appointments/{Id(cancelled)}/cancel", cancelledToken))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        using var whenCancelled = await RescheduleAsync(Id(cancelled), new { slot_id = Id(slots[2]) }, cancelledToken);
        fixture.Lapse(lapsed.GetProperty("expires_at").GetDateTimeOffset());
        using var whenLapsed = await RescheduleAsync(Id(lapsed), new { slot_id = Id(slots[2]) }, lapsedToken);

        await AuthorizationTests.ProblemAsync(whenCancelled, HttpStatusCode.Conflict, "/problems/appointment-cancelled");
        await AuthorizationTests.ProblemAsync(whenLapsed, HttpStatusCode.Conflict, "/problems/hold-expired");
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(Id(slots[2])));
        Assert.Equal(Id(slots[1]), await StoredSlotAsync(Id(lapsed)));
    }

    public static TheoryData<string, string[]> InvalidTargets => new()
    {
        { "{}", ["slot_id"] },
        { """{"slot_id": "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", "doctor_id": "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f"}""", ["slot_id"] },
        { """{"slot_id": "not-a-uuid"}""", ["slot_id"] },
        { """{"doctor_id": "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f"}""", ["appointment_date", "appointment_time"] },
        { """{"doctor_id": "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", "appointment_date": "2027-02-30", "appointment_time": "25:00"}""", ["appointment_date", "appointment_time"] },
    };

    [Theory]
    [MemberData(nameof(InvalidTargets))]
    public async Task AnInvalidTargetIs400NamingTheFieldsAndChangesNothing(string body, string[] fields)
    {
        var slotId = await fixture.SlotAsync();
        var (booked, token) = await BookAsync(slotId);

        using var response = await SendAsync(HttpMethod.Post, $"/api/appointments/{Id(booked)}/reschedule", token, body);

        var problem = await AuthorizationTests.ProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation-error");
        Assert.Equal(fields.Order(), problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(slotId, await StoredSlotAsync(Id(booked)));
    }

    [Fact]
    public async Task AMalformedIdOrBodyIs400()
    {
        using var badId = await fixture.Http.PostAsJsonAsync("/api/appointments/not-a-uuid/reschedule", new { slot_id = Guid.NewGuid() });
        using var noBody = await fixture.Http.PostAsync($"/api/appointments/{Guid.NewGuid()}/reschedule", null);
        using var notJson = await fixture.Http.PostAsync($"/api/appointments/{Guid.NewGuid()}/reschedule",
            new StringContent("{\"slot_id\": ", System.Text.Encoding.UTF8, "application/json"));

        var problem = await AuthorizationTests.ProblemAsync(badId, HttpStatusCode.BadRequest, "/problems/validation-error");
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
        await AuthorizationTests.ProblemAsync(noBody, HttpStatusCode.BadRequest, "/problems/malformed-json");
        await AuthorizationTests.ProblemAsync(notJson, HttpStatusCode.BadRequest, "/problems/malformed-json");
    }

    // ---- Cancellation reasons ----

    [Fact]
    public async Task ACancellationReasonIsStoredAndShownToThePatientAndTheAdmin()
    {
        var slotId = await fixture.SlotAsync();
        var (booked, token) = await BookAsync(slotId);
        var reason = "  Feeling better.\nThank you!  ";

        using var cancel = await SendAsync(HttpMethod.Put, $"/api/appointments/{Id(booked)}/cancel", token, JsonSerializer.Serialize(new { reason }));

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("CANCELLED", cancelled.GetProperty("status").GetString());
        Assert.Equal(reason.Trim(), cancelled.GetProperty("cancellation_reason").GetString());
        using var read = await SendAsync(HttpMethod.Get, $"/api/appointments/{Id(booked)}", token);
        Assert.Equal(reason.Trim(), (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancellation_reason").GetString());
        var listed = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/appointments?doctor_id={await DoctorOfAsync(slotId)}");
        Assert.Equal(reason.Trim(), Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("cancellation_reason").GetString());
        Assert.Equal(reason.Trim(), await fixture.Database.TextAsync(
            "SELECT note FROM appointment_events WHERE appointment_id = @id AND to_status = 'CANCELLED'", ("id", Id(booked))));
        Assert.Equal(0, await fixture.Database.ActiveAppointmentsAsync(slotId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"reason": null}""")]
    [InlineData("""{"reason": "   "}""")]
    public async Task CancellingWithoutAReasonStillWorksAndShowsNone(string? body)
    {
        var (booked, token) = await BookAsync(await fixture.SlotAsync());

        using var cancel = await SendAsync(HttpMethod.Put, $"/api/appointments/{Id(booked)}/cancel", token, body);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("CANCELLED", cancelled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("cancellation_reason").ValueKind);
    }

    [Fact]
    public async Task AReasonOfMoreThan500CharactersIs400AndCancelsNothingWhile500AreKept()
    {
        var slots = await fixture.Admin.SlotIdsAsync(2);
        var (tooLong, tooLongToken) = await BookAsync(slots[0]);
        var (longest, longestToken) = await BookAsync(slots[1]);

        using var refused = await SendAsync(HttpMethod.Put, $"/api/appointments/{Id(tooLong)}/cancel", tooLongToken,
            JsonSerializer.Serialize(new { reason = new string('x', 501) }));
        using var kept = await SendAsync(HttpMethod.Put, $"/api/appointments/{Id(longest)}/cancel", longestToken,
            JsonSerializer.Serialize(new { reason = new string('y', 500) }));

        var problem = await AuthorizationTests.ProblemAsync(refused, HttpStatusCode.BadRequest, "/problems/validation-error");
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(slots[0]));
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(500, (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancellation_reason").GetString()!.Length);
    }

    // ---- Helpers ----

    private static Guid Id(JsonElement element) => element.GetProperty("id").GetGuid();

    /// <summary>Books <paramref name="slotId"/> as a patient: the answer and its access token.</summary>
    private async Task<(JsonElement Booked, string Token)> BookAsync(Guid slotId)
    {
        var booked = await fixture.Patients.BookedAsync(slotId);
        return (booked.Body, booked.Token);
    }

    private Task<HttpResponseMessage> RescheduleAsync(Guid id, object target, string token) =>
        SendAsync(HttpMethod.Post, $"/api/appointments/{id}/reschedule", token, JsonSerializer.Serialize(target));

    /// <summary>A patient's request: the appointment token in its header and, when given, a JSON body.</summary>
    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(AppointmentTokens.Header, token);
        return Anonymous.SendAsync(request);
    }

    private async Task<Guid[]> ListedSlotIdsAsync(Guid doctorId) =>
        (await Anonymous.GetFromJsonAsync<JsonElement>($"/api/slots?doctor_id={doctorId}")).EnumerateArray().Select(Id).ToArray();

    private async Task<Guid> StoredSlotAsync(Guid appointmentId) =>
        Guid.Parse((await fixture.Database.TextAsync("SELECT slot_id::text FROM appointments WHERE id = @id", ("id", appointmentId)))!);

    private async Task<Guid> DoctorOfAsync(Guid slotId) =>
        Guid.Parse((await fixture.Database.TextAsync("SELECT doctor_id::text FROM slots WHERE id = @id", ("id", slotId)))!);
}

/// <summary>Who may move an appointment, on the database where nothing expires by itself (so "changed nothing" is exact).</summary>
[Collection(QuietApiCollection.Name)]
public sealed class RescheduleAuthorizationTests(QuietApiFixture fixture)
{
    [Fact]
    public async Task MovingNeedsTheAppointmentsTokenOrAnAdminAndIs403WithoutAndChangesNothing()
    {
        var slots = await fixture.Admin.SlotIdsAsync(4);
        var (id, token) = await fixture.Patients.BookedAsync(slots[0]);
        var (_, otherToken) = await fixture.Patients.BookedAsync(slots[1]);

        foreach (var header in new[] { null, "wrong", otherToken })
        {
            var before = await fixture.Database.SnapshotAsync();
            using var refused = await MoveAsync(id, slots[2], header);
            await AuthorizationTests.ProblemAsync(refused, HttpStatusCode.Forbidden, "/problems/forbidden");
            Assert.Equal(before, await fixture.Database.SnapshotAsync());
        }

        // The check comes before the appointment is looked up: a token does not tell whether another appointment exists.
        using var unknown = await MoveAsync(Guid.NewGuid(), slots[2], token);
        await AuthorizationTests.ProblemAsync(unknown, HttpStatusCode.Forbidden, "/problems/forbidden");

        using var byPatient = await MoveAsync(id, slots[2], token);
        Assert.Equal(HttpStatusCode.OK, byPatient.StatusCode);
        using var byAdmin = await fixture.Http.PostAsJsonAsync($"/api/appointments/{id}/reschedule", new { slot_id = slots[3] });
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(slots[3], (await byAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slot_id").GetGuid());

        // The same token opens the appointment wherever it has moved.
        using var opened = await fixture.Patients.ReadAsync(id, token);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
    }

    private Task<HttpResponseMessage> MoveAsync(Guid id, Guid slotId, string? token) => fixture.Patients.MoveAsync(id, token, slotId);
}
