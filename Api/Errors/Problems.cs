using Booking.Api.Contracts;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Booking.Api.Errors;

/// <summary>
/// The stable problem <c>type</c> of every error the Api answers with (RFC 9457), and the answers built from them: as an
/// endpoint's result, or written from middleware (<see cref="WriteAsync"/>). Clients switch on <c>type</c>, never on
/// <c>title</c> or <c>detail</c>. Every problem body then passes <see cref="ProblemDetailsSetup"/>, which adds its
/// <c>trace_id</c> and gives the framework's own answers their type.
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
    public const string SameSlot = "/problems/same-slot";
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
    public const string BookingOutcomeUnknown = "/problems/booking-outcome-unknown";
    public const string SignInLinkInvalid = "/problems/sign-in-link-invalid";

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);

    public static ProblemHttpResult NotFoundProblem(string what, Guid id) =>
        Problem(StatusCodes.Status404NotFound, NotFound, $"{what} not found", $"There is no {what.ToLowerInvariant()} with id {id}.");

    /// <summary>
    /// 504: the write was sent but its answer never came (the connection to the database or to the silo broke, or the
    /// Api stopped waiting), so it may or may not have happened. Never "nothing changed": the client reads the
    /// appointment back (a booking names the id it would have and its access token) or retries with its Idempotency-Key.
    /// </summary>
    public static ProblemHttpResult OutcomeUnknown(Guid appointmentId, string? accessToken) =>
        Problem(StatusCodes.Status504GatewayTimeout, BookingOutcomeUnknown, "Outcome unknown",
            accessToken is null
                ? $"The change was sent but its answer was lost; it may or may not have been made. Read appointment {appointmentId} after a few seconds to see."
                : $"The booking was sent but its answer was lost; it may or may not have been made. Read appointment {appointmentId} with the access_token given here after a few seconds: 200 means it was made, 404 that it was not. A retry with the same Idempotency-Key is also safe.",
            accessToken is null
                ? new Dictionary<string, object?> { ["appointment_id"] = appointmentId }
                : new Dictionary<string, object?> { ["appointment_id"] = appointmentId, ["access_token"] = accessToken });

    /// <summary>True for the faults after which a write's outcome cannot be known from here.</summary>
    public static bool LeavesOutcomeUnknown(Exception e) =>
        e is WriteOutcomeUnknownException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException;

    /// <summary>409 <see cref="SlotOverlap"/>: <c>conflicts</c> names the existing slots (ids, local and UTC times), <c>rejected</c> the requested times.</summary>
    public static ProblemHttpResult SlotOverlapProblem(string detail, IReadOnlyList<SlotConflict> conflicts, IReadOnlyList<SlotTime> rejected) =>
        Problem(StatusCodes.Status409Conflict, SlotOverlap, "Slots overlap", detail, new Dictionary<string, object?>
        {
            ["conflicts"] = conflicts.Select(SlotConflictResponse.From).ToList(),
            ["rejected"] = rejected.Select(SlotTimeResponse.From).ToList(),
        });

    /// <summary>Writes a problem answer from middleware, where endpoint results are not available.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        });
    }

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid", type: ValidationError,
            detail: "See errors: each names a field and what is wrong with it.");
}
