using Booking.Api.Contracts;
using Booking.Api.Errors;
using Booking.Api.OpenApi;
using Booking.Api.Security;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Booking.Api.Endpoints;

public static class SlotEndpoints
{
    public static IEndpointRouteBuilder MapSlotEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/slots").WithTags("Slots").CheckRouteIds();
        group.MapPost("/", CreateSlots).WithName("CreateSlots")
            .WithSummary("Publish one slot, several times on a date, or a generated range of days and times (admin)").AdminWrite()
            .Refuses(StatusCodes.Status404NotFound, Problems.NotFound)
            .Refuses<SlotTimesProblemBody>(StatusCodes.Status409Conflict, Problems.DuplicateSlot)
            .Refuses<SlotTimesProblemBody>(StatusCodes.Status422UnprocessableEntity, Problems.SlotInPast);
        group.MapGet("/", ListSlots).WithName("ListSlots")
            .WithSummary("List bookable slots by doctor and date (include=all lists taken and past ones too; at most 1000)");
        group.MapGet("/next", NextFreeSlots).WithName("NextFreeSlots")
            .WithSummary("Each listed doctor's earliest bookable slot (doctor_ids: comma-separated, at most 100); doctors without one are left out");
        group.MapGet("/{id}", GetSlot).WithName("GetSlot").WithSummary("Get a slot");
        group.MapDelete("/{id}", DeleteSlot).WithName("DeleteSlot").WithSummary("Delete a slot, refused while an appointment is active (admin)").AdminWrite()
            .Refuses(StatusCodes.Status409Conflict, Problems.HasActiveAppointment);
        return routes;
    }

    public static async Task<Results<Created<CreatedSlotsResponse>, ValidationProblem, ProblemHttpResult>> CreateSlots(
        CreateSlotsRequest request, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Validate(errors) is not { } valid)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var result = await cluster.GetGrain<IDoctorGrain>(valid.DoctorId).AddSlotsAsync(valid.Slots, valid.DurationMinutes, cancellationToken);
        var rejected = new Dictionary<string, object?> { ["rejected"] = result.Rejected.Select(SlotTimeResponse.From).ToList() };
        return result.Outcome switch
        {
            AddSlotsOutcome.Created => TypedResults.Created(
                result.Created.Count == 1 ? $"/api/slots/{result.Created[0].Id}" : null,
                new CreatedSlotsResponse(result.Created.Count, result.Created.Select(SlotResponse.From).ToList())),
            AddSlotsOutcome.DoctorNotFound => Problems.NotFoundProblem("Doctor", valid.DoctorId),
            AddSlotsOutcome.Duplicate => Problems.Problem(StatusCodes.Status409Conflict, Problems.DuplicateSlot, "Slot already exists",
                "The doctor already has a slot at some of these times (listed in rejected); nothing was created.", rejected),
            AddSlotsOutcome.Overlap => Problems.SlotOverlapProblem(
                "Some of these slots overlap slots the doctor already has (listed in conflicts; the requested times in rejected); nothing was created.",
                result.Conflicts ?? [], result.Rejected),
            AddSlotsOutcome.NonexistentTime => Problems.Problem(StatusCodes.Status422UnprocessableEntity, Problems.NonexistentLocalTime, "Time does not exist",
                "Some of these local times do not exist in the doctor's time zone on their dates: the clocks skip them (listed in rejected); nothing was created.", rejected),
            _ => Problems.Problem(StatusCodes.Status422UnprocessableEntity, Problems.SlotInPast, "Slot in the past",
                "Some of these times have already passed in the doctor's time zone (listed in rejected); nothing was created.", rejected),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<SlotResponse>>, ValidationProblem>> ListSlots(
        [FromQuery(Name = "doctor_id")] string? doctorId, string? date, string? include, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = new SlotQuery(errors.Id("doctor_id", doctorId, required: false), errors.Date("date", date, required: false), include == "all");
        if (include is not (null or "all" or "available"))
        {
            errors.Add("include", "must be 'available' (the default) or 'all'.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        // A doctor's day is answered from memory by its schedule grain; wider listings need SQL.
        var slots = query is { DoctorId: { } doctor, Date: { } day }
            ? await cluster.GetGrain<IDoctorScheduleGrain>(DoctorSchedule.Key(doctor, day)).ListSlotsAsync(query.IncludeUnavailable, cancellationToken)
            : await cluster.GetGrain<IBookingQueryGrain>(0).ListSlotsAsync(query, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SlotResponse>>(slots.Select(SlotResponse.From).ToList());
    }

    public const int MaxNextSlotDoctors = 100;

    public static async Task<Results<Ok<IReadOnlyList<SlotResponse>>, ValidationProblem>> NextFreeSlots(
        [FromQuery(Name = "doctor_ids")] string? doctorIds, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var parts = (doctorIds ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > MaxNextSlotDoctors)
        {
            errors.Add("doctor_ids", $"must list 1 to {MaxNextSlotDoctors} doctor ids, separated by commas.");
            return Problems.Invalid(errors.ToDictionary());
        }

        var ids = parts.Select(p => errors.Id("doctor_ids", p)).ToList();
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var slots = await cluster.GetGrain<IBookingQueryGrain>(0).NextFreeSlotsAsync(ids.Select(i => i!.Value).Distinct().ToList(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SlotResponse>>(slots.Select(SlotResponse.From).ToList());
    }

    public static async Task<Results<Ok<SlotResponse>, ValidationProblem, ProblemHttpResult>> GetSlot(
        string id, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var slotId = RouteIds.Parse(id);
        var slot = await cluster.GetGrain<ISlotGrain>(slotId).GetAsync(cancellationToken);
        return slot is null ? Problems.NotFoundProblem("Slot", slotId) : TypedResults.Ok(SlotResponse.From(slot));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteSlot(
        string id, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var slotId = RouteIds.Parse(id);
        return await cluster.GetGrain<ISlotGrain>(slotId).DeleteAsync(cancellationToken) switch
        {
            DeleteOutcome.Deleted => TypedResults.NoContent(),
            DeleteOutcome.NotFound => Problems.NotFoundProblem("Slot", slotId),
            _ => Problems.Problem(StatusCodes.Status409Conflict, Problems.HasActiveAppointment, "Slot has an active appointment",
                "The slot is held or booked; cancel the appointment (or let the hold expire) before deleting the slot."),
        };
    }
}
