namespace Booking.Api.Contracts;

/// <summary>
/// An error answer (RFC 9457, <c>application/problem+json</c>). Switch on <c>type</c> (a stable <c>/problems/...</c>
/// path), never on <c>title</c> or <c>detail</c>; quote <c>trace_id</c> when reporting a fault. The Api writes these
/// through ASP.NET Core's problem details service; this record is their shape in the OpenAPI document, and the Api
/// tests check every answer against it.
/// </summary>
public record ProblemBody
{
    /// <summary>The problem's stable identifier, such as <c>/problems/slot-taken</c>.</summary>
    public required string Type { get; init; }

    /// <summary>A short human-readable summary of the problem type.</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status code of the answer.</summary>
    public required int Status { get; init; }

    /// <summary>What went wrong with this request, for a person to read.</summary>
    public string? Detail { get; init; }

    /// <summary>The trace id of the request, for finding its logs.</summary>
    public required string TraceId { get; init; }
}

/// <summary>A refused request body or parameter (400): <c>errors</c> names each field (snake_case) with what is wrong with it.</summary>
public sealed record ValidationProblemBody : ProblemBody
{
    /// <summary>The messages of each refused field, by field name (<c>body</c> when the body is not JSON at all).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}

/// <summary>A slot creation refused for some of its times (409 <c>duplicate-slot</c>, 422 <c>slot-in-past</c>); nothing was created.</summary>
public sealed record SlotTimesProblemBody : ProblemBody
{
    /// <summary>The doctor's dates and times that were refused.</summary>
    public required IReadOnlyList<SlotTimeResponse> Rejected { get; init; }
}

/// <summary>
/// A confirm or cancel whose outcome is not known (504 <c>/problems/booking-outcome-unknown</c>): the change was sent but
/// its answer was lost, so it may or may not have been made. Read the appointment again to see.
/// </summary>
public record OutcomeUnknownProblemBody : ProblemBody
{
    /// <summary>The appointment the change was for (for a booking: the id it has if it was booked).</summary>
    public required Guid AppointmentId { get; init; }
}

/// <summary>
/// A booking whose outcome is not known (504 <c>/problems/booking-outcome-unknown</c>): it may or may not have been
/// committed. Look the appointment up with <c>GET /api/appointments/{appointment_id}</c> and <c>access_token</c>
/// (404 there: it was not booked), or retry with the same <c>Idempotency-Key</c>.
/// </summary>
public sealed record BookingOutcomeUnknownProblemBody : OutcomeUnknownProblemBody
{
    /// <summary>The token that opens that appointment (header X-Appointment-Token or query access_token).</summary>
    public required string AccessToken { get; init; }
}
