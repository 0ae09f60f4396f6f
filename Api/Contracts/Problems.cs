using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Booking.Api.Contracts;

/// <summary>
/// The stable problem <c>type</c> of every error the Api answers with (RFC 9457). Clients switch on
/// <c>type</c>, never on <c>title</c> or <c>detail</c>.
/// </summary>
public static class Problems
{
    public const string ValidationError = "/problems/validation-error";
    public const string MalformedJson = "/problems/malformed-json";
    public const string UnsupportedMediaType = "/problems/unsupported-media-type";
    public const string NotFound = "/problems/not-found";
    public const string SlotTaken = "/problems/slot-taken";
    public const string DuplicateSlot = "/problems/duplicate-slot";
    public const string SlotOverlap = "/problems/slot-overlap";
    public const string NonexistentLocalTime = "/problems/nonexistent-local-time";
    public const string DuplicateEmail = "/problems/duplicate-email";
    public const string HasActiveAppointment = "/problems/has-active-appointment";
    public const string HoldExpired = "/problems/hold-expired";
    public const string AppointmentCancelled = "/problems/appointment-cancelled";
    public const string SlotInPast = "/problems/slot-in-past";
    public const string IdempotencyKeyInUse = "/problems/idempotency-key-in-use";
    public const string IdempotencyKeyReused = "/problems/idempotency-key-reused";
    public const string ServiceUnavailable = "/problems/service-unavailable";
    public const string InternalError = "/problems/internal-error";
    public const string Unauthorized = "/problems/unauthorized";
    public const string Forbidden = "/problems/forbidden";
    public const string InvalidCredentials = "/problems/invalid-credentials";
    public const string AuthNotConfigured = "/problems/auth-not-configured";
    public const string RateLimited = "/problems/rate-limited";
    public const string PayloadTooLarge = "/problems/payload-too-large";
    public const string MethodNotAllowed = "/problems/method-not-allowed";
    public const string RequestTimeout = "/problems/request-timeout";

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);

    public static ProblemHttpResult NotFoundProblem(string what, Guid id) =>
        Problem(StatusCodes.Status404NotFound, NotFound, $"{what} not found", $"There is no {what.ToLowerInvariant()} with id {id}.");

    /// <summary>409 <see cref="SlotOverlap"/>: <c>conflicts</c> names the existing slots (ids, local and UTC times), <c>rejected</c> the requested times.</summary>
    public static ProblemHttpResult SlotOverlapProblem(string detail, IReadOnlyList<SlotConflict> conflicts, IReadOnlyList<SlotTime> rejected) =>
        Problem(StatusCodes.Status409Conflict, SlotOverlap, "Slots overlap", detail, new Dictionary<string, object?>
        {
            ["conflicts"] = conflicts.Select(SlotConflictResponse.From).ToList(),
            ["rejected"] = rejected.Select(SlotTimeResponse.From).ToList(),
        });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid", type: ValidationError,
            detail: "See errors: each names a field and what is wrong with it.");
}
