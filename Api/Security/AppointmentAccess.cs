using Booking.Api.Errors;
using Booking.Api.OpenApi;

namespace Booking.Api.Security;

/// <summary>
/// Guards one appointment's endpoints: the caller needs the appointment's access token (header
/// <c>X-Appointment-Token</c> or query <c>access_token</c>) or an admin JWT. The check is cryptographic and
/// happens before the grain is asked, so its answer is the same whether the appointment exists or not.
/// </summary>
public static class AppointmentAccess
{
    /// <summary>For reads: a missing or wrong token is 404, exactly as for an unknown appointment.</summary>
    public static RouteHandlerBuilder RequireAppointmentTokenOrNotFound(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter((context, next) => Check(context, next, denyWithNotFound: true))
            .Refuses(StatusCodes.Status404NotFound, Problems.NotFound);

    /// <summary>For changes: a missing or wrong token is 403, so the client learns it must send one.</summary>
    public static RouteHandlerBuilder RequireAppointmentTokenOrForbidden(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter((context, next) => Check(context, next, denyWithNotFound: false))
            .Refuses(StatusCodes.Status403Forbidden, Problems.Forbidden);

    private static ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool denyWithNotFound)
    {
        var http = context.HttpContext;

        // A malformed id never gets here (RouteIds answers it 400 first, which reveals nothing); this only reads it.
        if (!Guid.TryParse(http.Request.RouteValues["id"] as string, out var id) || http.User.IsInRole(AuthOptions.AdminRole))
        {
            return next(context);
        }

        var presented = http.Request.Headers[AppointmentTokens.Header] is [{ } header] ? header
            : http.Request.Query[AppointmentTokens.QueryParameter] is [{ } query] ? query : null;
        if (http.RequestServices.GetRequiredService<AppointmentTokens>().Matches(id, presented))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(denyWithNotFound
            ? Problems.NotFoundProblem("Appointment", id)
            : Problems.Problem(StatusCodes.Status403Forbidden, Problems.Forbidden, "Appointment token required",
                $"Send the appointment's access_token from the booking answer as header {AppointmentTokens.Header} (or query access_token), or an admin token."));
    }
}
