using System.Diagnostics;

namespace Booking.Api.Errors;

/// <summary>
/// Where every problem answer is finished, whoever made it (an endpoint's result, <see cref="Problems.WriteAsync"/> from
/// middleware, <see cref="ApiExceptionHandler"/>, or the framework's own status code answers): it names its
/// <c>trace_id</c>, and an answer without one of the Api's problem types gets the stable type of its status.
/// </summary>
public static class ProblemDetailsSetup
{
    public static WebApplicationBuilder AddBookingProblemDetails(this WebApplicationBuilder builder)
    {
        // A parameter or body that cannot be bound throws, so ApiExceptionHandler answers it like any other bad input.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Finish);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        return builder;
    }

    /// <summary>First in the pipeline: the exception handler, then problem bodies for bare error statuses.</summary>
    public static WebApplication UseBookingProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private static void Finish(ProblemDetailsContext context)
    {
        context.ProblemDetails.Extensions["trace_id"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        StableType(context.ProblemDetails);
    }

    /// <summary>Answers the framework makes on its own (401, 404 of an unknown route, 405, 413, 415, ...) get a stable type too.</summary>
    private static void StableType(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (problem.Type?.StartsWith("/problems/", StringComparison.Ordinal) == true)
        {
            return;
        }

        (problem.Type, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => (Problems.Unauthorized, problem.Detail ?? "Authentication is required."),
            StatusCodes.Status403Forbidden => (Problems.Forbidden, problem.Detail ?? "This caller may not do this."),
            StatusCodes.Status404NotFound => (Problems.NotFound, problem.Detail ?? "There is nothing at this address."),
            StatusCodes.Status405MethodNotAllowed => (Problems.MethodNotAllowed, problem.Detail ?? "This address does not take this method."),
            StatusCodes.Status413PayloadTooLarge => (Problems.PayloadTooLarge, problem.Detail ?? "The request body is too large."),

            // Routing refuses a non-JSON body before the endpoint runs; the exception handler refuses one while binding.
            StatusCodes.Status415UnsupportedMediaType => (Problems.UnsupportedMediaType, problem.Detail ?? "Send the body as JSON with Content-Type: application/json."),
            StatusCodes.Status429TooManyRequests => (Problems.RateLimited, problem.Detail ?? "Too many requests; try again after Retry-After seconds."),
            StatusCodes.Status504GatewayTimeout => (Problems.RequestTimeout, problem.Detail ?? "The request took too long and was abandoned."),
            _ => (problem.Type, problem.Detail),
        };
    }
}
