using Booking.Api.Contracts;
using Booking.Api.Errors;
using Booking.Api.Security;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Booking.Api.Endpoints;

public static class WorkingHoursEndpoints
{
    public const int DefaultPreviewDays = 14;
    public const int MaxPreviewDays = 62;

    public static IEndpointRouteBuilder MapWorkingHoursEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/doctors/{id}/working-hours").WithTags("Working hours").CheckRouteIds();
        group.MapGet("/", GetWorkingHours).WithName("GetWorkingHours")
            .WithSummary("A doctor's working hours, and the held or booked slots that do not fit them (admin)").AdminRead();
        group.MapPut("/", ReplaceWorkingHours).WithName("ReplaceWorkingHours")
            .WithSummary("Replace a doctor's working hours; future free generated slots follow them, held and booked slots stay (admin)").AdminWrite();
        group.MapPost("/preview", PreviewWorkingHours).WithName("PreviewWorkingHours")
            .WithSummary("The slots these working hours would make over the next days (default 14, at most 62); nothing is saved (admin)").AdminRead();
        return routes;
    }

    public static async Task<Results<Ok<WorkingHoursResponse>, ValidationProblem, ProblemHttpResult>> GetWorkingHours(
        string id, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var doctorId = RouteIds.Parse(id);
        var doctor = cluster.GetGrain<IDoctorGrain>(doctorId);
        var (profile, view) = (await doctor.GetAsync(cancellationToken), await doctor.GetWorkingHoursAsync(cancellationToken));
        return profile is null || view is null
            ? Problems.NotFoundProblem("Doctor", doctorId)
            : TypedResults.Ok(WorkingHoursResponse.From(doctorId, profile.Profile.TimeZone, view));
    }

    public static async Task<Results<Ok<WorkingHoursSavedResponse>, ValidationProblem, ProblemHttpResult>> ReplaceWorkingHours(
        string id, WorkingHoursRequest request, IClusterClient cluster, TimeProvider clock, CancellationToken cancellationToken)
    {
        var doctorId = RouteIds.Parse(id);
        var errors = new FieldErrors();
        if (request.Validate(errors, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) is not { } rules)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var doctor = cluster.GetGrain<IDoctorGrain>(doctorId);
        var result = await doctor.SetWorkingHoursAsync(rules, cancellationToken);
        if (!result.DoctorFound || await doctor.GetAsync(cancellationToken) is not { } profile)
        {
            return Problems.NotFoundProblem("Doctor", doctorId);
        }

        return TypedResults.Ok(new WorkingHoursSavedResponse(result.Created, result.Deleted, WorkingHoursResponse.From(doctorId, profile.Profile.TimeZone, result.View!)));
    }

    public static async Task<Results<Ok<WorkingHoursPreviewResponse>, ValidationProblem, ProblemHttpResult>> PreviewWorkingHours(
        string id, int? days, WorkingHoursRequest request, IClusterClient cluster, TimeProvider clock, CancellationToken cancellationToken)
    {
        var doctorId = RouteIds.Parse(id);
        var errors = new FieldErrors();
        var span = errors.Number("days", days ?? DefaultPreviewDays, 1, MaxPreviewDays);
        var rules = request.Validate(errors, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (span is null || rules is null)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var doctor = cluster.GetGrain<IDoctorGrain>(doctorId);
        var slots = await doctor.PreviewWorkingHoursAsync(rules, span.Value, cancellationToken);
        return slots is null || await doctor.GetAsync(cancellationToken) is not { } profile
            ? Problems.NotFoundProblem("Doctor", doctorId)
            : TypedResults.Ok(new WorkingHoursPreviewResponse(profile.Profile.TimeZone, span.Value, slots.Select(PlannedSlotResponse.From).ToList()));
    }
}
