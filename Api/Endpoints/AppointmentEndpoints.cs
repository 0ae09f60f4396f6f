using Booking.Api.Contracts;
using Booking.Api.Errors;
using Booking.Api.Infrastructure;
using Booking.Api.OpenApi;
using Booking.Api.Security;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Booking.Api.Endpoints;

public static class AppointmentEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAppointmentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/appointments").WithTags("Appointments").CheckRouteIds();
        group.MapPost("/book", Book).WithName("BookAppointment")
            .WithSummary("Hold a slot for a patient: a PENDING appointment that expires unless confirmed. Send an Idempotency-Key header to make retries safe. " +
                "The answer's access_token opens the appointment (rate limited per client IP)")
            .RequireRateLimiting(RateLimits.BookingLimit)
            .Refuses(StatusCodes.Status404NotFound, Problems.NotFound)
            .Refuses(StatusCodes.Status409Conflict, Problems.SlotTaken, Problems.IdempotencyKeyInUse)
            .Refuses(StatusCodes.Status422UnprocessableEntity, Problems.SlotInPast, Problems.IdempotencyKeyReused)
            .Refuses(StatusCodes.Status503ServiceUnavailable, Problems.ServiceUnavailable)
            .Refuses<BookingOutcomeUnknownProblemBody>(StatusCodes.Status504GatewayTimeout, Problems.BookingOutcomeUnknown);
        group.MapGet("/{id}", GetAppointment).WithName("GetAppointment")
            .WithSummary("Get an appointment, with the server's now (its access token, or admin; else 404)").RequireAppointmentTokenOrNotFound();
        group.MapPut("/{id}/confirm", Confirm).WithName("ConfirmAppointment")
            .WithSummary("Confirm a PENDING hold before it expires; confirming again changes nothing (its access token, or admin; else 403)")
            .RequireAppointmentTokenOrForbidden().Refuses(StatusCodes.Status409Conflict, Problems.HoldExpired, Problems.AppointmentCancelled)
            .Refuses<OutcomeUnknownProblemBody>(StatusCodes.Status504GatewayTimeout, Problems.BookingOutcomeUnknown);
        group.MapPut("/{id}/cancel", Cancel).WithName("CancelAppointment")
            .WithSummary("Cancel a PENDING or CONFIRMED appointment, optionally with a body {\"reason\": \"...\"} (at most 500 characters); the slot is free " +
                "again at once; cancelling again changes nothing (its access token, or admin; else 403)")
            .RequireAppointmentTokenOrForbidden().Refuses(StatusCodes.Status409Conflict, Problems.HoldExpired)
            .Refuses<OutcomeUnknownProblemBody>(StatusCodes.Status504GatewayTimeout, Problems.BookingOutcomeUnknown);
        group.MapPost("/{id}/reschedule", Reschedule).WithName("RescheduleAppointment")
            .WithSummary("Move a PENDING or CONFIRMED appointment to another free slot (any doctor's), by slot_id or by doctor_id, appointment_date " +
                "and appointment_time; it keeps its status, its hold deadline and its access token (its access token, or admin; else 403)")
            .RequireAppointmentTokenOrForbidden()
            .Refuses(StatusCodes.Status409Conflict, Problems.SlotTaken, Problems.SameSlot, Problems.HoldExpired, Problems.AppointmentCancelled)
            .Refuses(StatusCodes.Status422UnprocessableEntity, Problems.SlotInPast)
            .Refuses<OutcomeUnknownProblemBody>(StatusCodes.Status504GatewayTimeout, Problems.BookingOutcomeUnknown);
        group.MapGet("/", ListAppointments).WithName("ListAppointments")
            .WithSummary("List appointments newest first, filtered, one page at a time (admin)").AdminRead();
        return routes;
    }

    public static async Task<Results<Created<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> Book(
        BookingRequest request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        IClusterClient cluster,
        TimeProvider clock,
        WriteDeadlines deadlines,
        AppointmentTokens tokens,
        CancellationToken cancellationToken)
    {
        var deadline = deadlines.FromNow();
        var errors = new FieldErrors();
        var booking = request.Validate(errors);
        var key = IdempotencyKey.Validate(errors, idempotencyKey);
        if (booking is null || !errors.IsEmpty)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        if (await FindSlotAsync(cluster, new SlotTarget(booking.SlotId, booking.DoctorId, booking.At), cancellationToken) is not { } slotId)
        {
            return NoSlotAtThatTime();
        }

        // The id is chosen here, so that an answer lost on the way back still names what to look up.
        var hold = new HoldRequest(Guid.CreateVersion7(clock.GetUtcNow()), booking.Patient, deadline,
            key is null ? null : new IdempotencyStamp(key, IdempotencyKey.Hash(request)));
        try
        {
            if (key is null)
            {
                var result = await cluster.GetGrain<ISlotGrain>(slotId).BookAsync(hold, cancellationToken);
                return BookingAnswer(result.Outcome, result.Appointment, slotId, clock, tokens);
            }

            var handled = await cluster.GetGrain<IIdempotencyGrain>(key).BookAsync(slotId, hold, cancellationToken);
            switch (handled.Handling)
            {
                case IdempotentHandling.InProgress:
                    return Problems.Problem(StatusCodes.Status409Conflict, Problems.IdempotencyKeyInUse, "Request still in progress",
                        "The first request with this Idempotency-Key has not finished yet; retry it shortly.");
                case IdempotentHandling.KeyReused:
                    return Problems.Problem(StatusCodes.Status422UnprocessableEntity, Problems.IdempotencyKeyReused, "Idempotency-Key reused",
                        "This Idempotency-Key was first sent with a different body; use a new key for a new request.");
            }

            var appointment = handled.AppointmentId is { } id ? await cluster.GetGrain<IAppointmentGrain>(id).GetAsync(cancellationToken) : null;
            return BookingAnswer(handled.Outcome!.Value, appointment, slotId, clock, tokens);
        }
        catch (Exception e) when (Problems.LeavesOutcomeUnknown(e))
        {
            return Problems.OutcomeUnknown(hold.AppointmentId, tokens.For(hold.AppointmentId));
        }
    }

    public static Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> Cancel(
        string id, [FromBody] CancelRequest? request, IClusterClient cluster, TimeProvider clock, WriteDeadlines deadlines, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var reason = request?.Validate(errors);
        return ChangeAsync(id, (appointment, deadline) => appointment.CancelAsync(reason, deadline, cancellationToken), clock, deadlines, cluster, errors);
    }

    public static Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> Confirm(
        string id, IClusterClient cluster, TimeProvider clock, WriteDeadlines deadlines, CancellationToken cancellationToken) =>
        ChangeAsync(id, (appointment, deadline) => appointment.ConfirmAsync(deadline, cancellationToken), clock, deadlines, cluster);

    /// <summary>
    /// A confirm or cancel: what <paramref name="errors"/> holds about the body answered, or the change sent with its deadline and
    /// the outcome answered.
    /// </summary>
    private static async Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string id, Func<IAppointmentGrain, DateTimeOffset, Task<AppointmentChangeResult>> change, TimeProvider clock, WriteDeadlines deadlines, IClusterClient cluster,
        FieldErrors? errors = null)
    {
        var deadline = deadlines.FromNow();
        var appointmentId = RouteIds.Parse(id);
        if (errors is { IsEmpty: false })
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        try
        {
            return ChangeAnswer(await change(cluster.GetGrain<IAppointmentGrain>(appointmentId), deadline), appointmentId, clock);
        }
        catch (Exception e) when (Problems.LeavesOutcomeUnknown(e))
        {
            return Problems.OutcomeUnknown(appointmentId, accessToken: null);
        }
    }

    public static async Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> Reschedule(
        string id, RescheduleRequest request, IClusterClient cluster, TimeProvider clock, WriteDeadlines deadlines, CancellationToken cancellationToken)
    {
        var deadline = deadlines.FromNow();
        var appointmentId = RouteIds.Parse(id);
        var errors = new FieldErrors();
        if (request.Validate(errors) is not { } target || !errors.IsEmpty)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        if (await FindSlotAsync(cluster, target, cancellationToken) is not { } slotId)
        {
            return NoSlotAtThatTime();
        }

        try
        {
            var result = await cluster.GetGrain<IAppointmentGrain>(appointmentId).RescheduleAsync(slotId, deadline, cancellationToken);
            return RescheduleAnswer(result, appointmentId, slotId, clock);
        }
        catch (Exception e) when (Problems.LeavesOutcomeUnknown(e))
        {
            return Problems.OutcomeUnknown(appointmentId, accessToken: null);
        }
    }

    /// <summary>The slot's id: as given, or the doctor's slot at that date and time (from the day's schedule grain); null when there is none.</summary>
    private static async Task<Guid?> FindSlotAsync(IClusterClient cluster, SlotTarget target, CancellationToken cancellationToken) =>
        target.SlotId
        ?? await cluster.GetGrain<IDoctorScheduleGrain>(DoctorSchedule.Key(target.DoctorId!.Value, target.At!.Date)).FindSlotAsync(target.At.Time, cancellationToken);

    private static ProblemHttpResult NoSlotAtThatTime() =>
        Problems.Problem(StatusCodes.Status404NotFound, Problems.NotFound, "Slot not found", "The doctor has no slot at this date and time.");

    /// <summary>The answer to a reschedule: moved is 200 with the appointment where it is now; otherwise why not (nothing changed).</summary>
    private static Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult> RescheduleAnswer(
        RescheduleResult result, Guid appointmentId, Guid slotId, TimeProvider clock) => result.Outcome switch
        {
            RescheduleOutcome.Rescheduled => TypedResults.Ok(AppointmentResponse.From(result.Appointment!, clock.GetUtcNow())),
            RescheduleOutcome.SlotTaken => Problems.Problem(StatusCodes.Status409Conflict, Problems.SlotTaken, "Slot already taken",
                "Someone else holds or has booked this slot. Choose another slot; the appointment stays where it was."),
            RescheduleOutcome.SlotInPast => Problems.Problem(StatusCodes.Status422UnprocessableEntity, Problems.SlotInPast, "Slot in the past",
                "This slot has already started; an appointment cannot move to it."),
            RescheduleOutcome.SameSlot => Problems.Problem(StatusCodes.Status409Conflict, Problems.SameSlot, "Already on this slot",
                "The appointment is already on this slot; nothing changed. Choose another slot to move it."),
            RescheduleOutcome.HoldExpired => Problems.Problem(StatusCodes.Status409Conflict, Problems.HoldExpired, "Hold expired",
                "The hold expired before it could be moved and the slot was released. Book again."),
            RescheduleOutcome.Cancelled => Problems.Problem(StatusCodes.Status409Conflict, Problems.AppointmentCancelled,
                "Appointment cancelled", "A cancelled appointment cannot be moved. Book again."),
            RescheduleOutcome.SlotNotFound => Problems.NotFoundProblem("Slot", slotId),
            _ => Problems.NotFoundProblem("Appointment", appointmentId),
        };

    /// <summary>The answer to a booking, whether made now or replayed: the same outcome gives the same status.</summary>
    private static Results<Created<AppointmentResponse>, ValidationProblem, ProblemHttpResult> BookingAnswer(
        BookingOutcome outcome, Appointment? appointment, Guid slotId, TimeProvider clock, AppointmentTokens tokens) => outcome switch
        {
            // The token is recomputed from the id, so a replay under the same Idempotency-Key hands out the same one.
            BookingOutcome.Booked when appointment is not null => TypedResults.Created($"/api/appointments/{appointment.Id}",
                AppointmentResponse.From(appointment, clock.GetUtcNow()) with { AccessToken = tokens.For(appointment.Id) }),
            BookingOutcome.Booked => Problems.Problem(StatusCodes.Status404NotFound, Problems.NotFound, "Appointment not found",
                "This Idempotency-Key booked an appointment that no longer exists (its slot was deleted)."),
            BookingOutcome.SlotTaken => Problems.Problem(StatusCodes.Status409Conflict, Problems.SlotTaken, "Slot already taken",
                "Someone else holds or has booked this slot. Choose another slot."),
            BookingOutcome.SlotInPast => Problems.Problem(StatusCodes.Status422UnprocessableEntity, Problems.SlotInPast, "Slot in the past",
                "This slot has already started; it can no longer be booked."),
            _ => Problems.NotFoundProblem("Slot", slotId),
        };

    /// <summary>The answer to a confirm or cancel: done or already so is 200; otherwise why not.</summary>
    private static Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult> ChangeAnswer(
        AppointmentChangeResult result, Guid appointmentId, TimeProvider clock) => result.Outcome switch
        {
            AppointmentChangeOutcome.Changed or AppointmentChangeOutcome.Unchanged => TypedResults.Ok(AppointmentResponse.From(result.Appointment!, clock.GetUtcNow())),
            AppointmentChangeOutcome.HoldExpired => Problems.Problem(StatusCodes.Status409Conflict, Problems.HoldExpired, "Hold expired",
                "The hold expired before this change and the slot was released. Book again."),
            AppointmentChangeOutcome.Cancelled => Problems.Problem(StatusCodes.Status409Conflict, Problems.AppointmentCancelled,
                "Appointment cancelled", "A cancelled appointment cannot be confirmed. Book again."),
            _ => Problems.NotFoundProblem("Appointment", appointmentId),
        };

    public static async Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> GetAppointment(
        string id, IClusterClient cluster, TimeProvider clock, CancellationToken cancellationToken)
    {
        var appointmentId = RouteIds.Parse(id);
        var appointment = await cluster.GetGrain<IAppointmentGrain>(appointmentId).GetAsync(cancellationToken);
        return appointment is null
            ? Problems.NotFoundProblem("Appointment", appointmentId)
            : TypedResults.Ok(AppointmentResponse.From(appointment, clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<AppointmentListResponse>, ValidationProblem>> ListAppointments(
        string? status,
        [FromQuery(Name = "doctor_id")] string? doctorId,
        string? date,
        [FromQuery(Name = "patient_email")] string? patientEmail,
        string? limit,
        string? cursor,
        IClusterClient cluster,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        AppointmentStatus? wantedStatus = null;
        if (status is not null)
        {
            // By name only: Enum.TryParse would also take "1" or "PENDING,CONFIRMED" (flags) as a status.
            if (Enum.GetNames<AppointmentStatus>().FirstOrDefault(n => n.Equals(status, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                wantedStatus = Enum.Parse<AppointmentStatus>(name);
            }
            else
            {
                errors.Add("status", "must be one of PENDING, CONFIRMED, CANCELLED, EXPIRED.");
            }
        }

        var pageSize = DefaultPageSize;
        if (limit is not null && !(int.TryParse(limit, out pageSize) && pageSize is >= 1 and <= MaxPageSize))
        {
            errors.Add("limit", $"must be a whole number from 1 to {MaxPageSize}.");
        }

        var query = new AppointmentQuery(
            wantedStatus,
            errors.Id("doctor_id", doctorId, required: false),
            errors.Date("date", date, required: false),
            errors.Email("patient_email", patientEmail, required: false),
            pageSize,
            Cursor.Decode(errors, "cursor", cursor));
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var page = await cluster.GetGrain<IBookingQueryGrain>(0).ListAppointmentsAsync(query, cancellationToken);
        return TypedResults.Ok(new AppointmentListResponse(
            page.Items.Select(a => AppointmentResponse.From(a, clock.GetUtcNow())).ToList(),
            page.Next is { } next ? Cursor.Encode(next) : null));
    }
}
