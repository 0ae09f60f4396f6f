using Booking.Api.Contracts;
using Booking.Api.Errors;
using Booking.Api.OpenApi;
using Booking.Api.Security;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Booking.Api.Endpoints;

public static class DoctorEndpoints
{
    public static IEndpointRouteBuilder MapDoctorEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/doctors").WithTags("Doctors").CheckRouteIds();
        group.MapPost("/", CreateDoctor).WithName("CreateDoctor").WithSummary("Create a doctor (admin)").AdminWrite()
            .Refuses(StatusCodes.Status409Conflict, Problems.DuplicateEmail);
        group.MapGet("/", ListDoctors).WithName("ListDoctors").WithSummary("List doctors, filtered by specialization or part of the name");
        group.MapGet("/{id}", GetDoctor).WithName("GetDoctor").WithSummary("Get a doctor");
        group.MapPut("/{id}", UpdateDoctor).WithName("UpdateDoctor").WithSummary("Replace a doctor's profile (admin)").AdminWrite()
            .Refuses(StatusCodes.Status409Conflict, Problems.DuplicateEmail);
        group.MapDelete("/{id}", DeleteDoctor).WithName("DeleteDoctor")
            .WithSummary("Delete a doctor with its slots, refused while an appointment is active (admin)").AdminWrite()
            .Refuses(StatusCodes.Status409Conflict, Problems.HasActiveAppointment);
        return routes;
    }

    public static async Task<Results<Created<DoctorResponse>, ValidationProblem, ProblemHttpResult>> CreateDoctor(
        DoctorRequest request, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Validate(errors) is not { } profile)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var id = Guid.CreateVersion7();
        var result = await cluster.GetGrain<IDoctorGrain>(id).CreateAsync(profile, cancellationToken);
        return result.Outcome switch
        {
            DoctorWriteOutcome.Saved => TypedResults.Created($"/api/doctors/{id}", DoctorResponse.From(result.Doctor!)),
            _ => WriteProblem(result.Outcome, id),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<DoctorResponse>>, ValidationProblem>> ListDoctors(
        string? specialization, string? search, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = new DoctorQuery(
            errors.Text("specialization", specialization, WireFormats.SpecializationLength, required: false),
            errors.Text("search", search, WireFormats.NameLength, required: false));
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var doctors = await cluster.GetGrain<IBookingQueryGrain>(0).ListDoctorsAsync(query, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<DoctorResponse>>(doctors.Select(DoctorResponse.From).ToList());
    }

    public static async Task<Results<Ok<DoctorResponse>, ValidationProblem, ProblemHttpResult>> GetDoctor(
        string id, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var doctorId = RouteIds.Parse(id);
        var doctor = await cluster.GetGrain<IDoctorGrain>(doctorId).GetAsync(cancellationToken);
        return doctor is null ? Problems.NotFoundProblem("Doctor", doctorId) : TypedResults.Ok(DoctorResponse.From(doctor));
    }

    public static async Task<Results<Ok<DoctorResponse>, ValidationProblem, ProblemHttpResult>> UpdateDoctor(
        string id, DoctorRequest request, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var doctorId = RouteIds.Parse(id);
        var errors = new FieldErrors();
        if (request.Validate(errors) is not { } profile)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var result = await cluster.GetGrain<IDoctorGrain>(doctorId).UpdateAsync(profile, cancellationToken);
        return result.Outcome switch
        {
            DoctorWriteOutcome.Saved => TypedResults.Ok(DoctorResponse.From(result.Doctor!)),
            _ => WriteProblem(result.Outcome, doctorId, result.Conflicts),
        };
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteDoctor(
        string id, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var doctorId = RouteIds.Parse(id);
        return await cluster.GetGrain<IDoctorGrain>(doctorId).DeleteAsync(cancellationToken) switch
        {
            DeleteOutcome.Deleted => TypedResults.NoContent(),
            DeleteOutcome.NotFound => Problems.NotFoundProblem("Doctor", doctorId),
            _ => Problems.Problem(StatusCodes.Status409Conflict, Problems.HasActiveAppointment, "Doctor has active appointments",
                "The doctor has a pending or confirmed appointment; cancel it (or let the hold expire) before deleting."),
        };
    }

    private static ProblemHttpResult WriteProblem(DoctorWriteOutcome outcome, Guid id, IReadOnlyList<SlotConflict>? conflicts = null) => outcome switch
    {
        DoctorWriteOutcome.NotFound => Problems.NotFoundProblem("Doctor", id),
        DoctorWriteOutcome.DuplicateEmail => Problems.Problem(StatusCodes.Status409Conflict, Problems.DuplicateEmail,
            "Email already in use", "Another doctor already has this email address."),
        DoctorWriteOutcome.SlotOverlap => Problems.SlotOverlapProblem(
            "In the new time zone some of the doctor's slots would overlap (listed in conflicts: a local time the zone skips lands on another slot); nothing changed.",
            conflicts ?? [], []),
        _ => throw new InvalidOperationException($"Doctor {id} already exists; new ids never collide, so this is a bug."),
    };
}
