using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json;

namespace Booking.Api.Errors;

/// <summary>
/// Turns what escapes an endpoint into a problem details answer: a body that could not be read is the
/// client's fault (400/415), a database or cluster that cannot serve now is 503 with Retry-After (nothing changed), a
/// write whose answer was lost is 504 (it may have happened), and
/// anything else is a 500 that names its trace id and nothing more.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            // Its type and detail are those of every 415 (ProblemDetailsSetup).
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported media type",
            },
            BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Type = bad.StatusCode == StatusCodes.Status400BadRequest ? Problems.MalformedJson : null,
                Title = "Bad request",
                Detail = bad.StatusCode == StatusCodes.Status400BadRequest ? "The request body is missing or not valid JSON." : null,
            },
            StorageUnavailableException unavailable => Unavailable(context, unavailable.RetryAfterSeconds, "The database cannot take this request now."),

            // A write whose answer was lost may have happened: never "nothing changed" (the endpoints that know the
            // appointment concerned answer this themselves, naming it). A read that failed changed nothing.
            _ when Problems.LeavesOutcomeUnknown(exception) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) => new ProblemDetails
            {
                Status = StatusCodes.Status504GatewayTimeout,
                Type = Problems.BookingOutcomeUnknown,
                Title = "Outcome unknown",
                Detail = "The change was sent but its answer was lost; it may or may not have been made. Read the resource again to see.",
            },
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
                Unavailable(context, 1, "The booking cluster cannot take this request now."),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error serving {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Type = Problems.InternalError,
                Title = "Internal error",
                Detail = "Something went wrong on our side. Quote the trace_id when reporting it.",
            };
        }
        else if (problem.Status >= 500)
        {
            logger.LogWarning("Answering {Status} to {Method} {Path}: {Reason}", problem.Status, context.Request.Method, context.Request.Path, exception.Message);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails MalformedJson(JsonException json)
    {
        // The path says where reading stopped: "$.experience_years" names a field of the wrong type.
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
        var message = field == "body" ? "is not valid JSON." : "has the wrong type or format.";
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Type = Problems.MalformedJson,
            Title = "The request body could not be read",
            Detail = "The body must be a JSON object with the documented fields and types.",
        };
    }

    private static ProblemDetails Unavailable(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = Problems.ServiceUnavailable,
            Title = "Service unavailable",
            Detail = detail + " Nothing was changed; try again after Retry-After.",
        };
    }
}
