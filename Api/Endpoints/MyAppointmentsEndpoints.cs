using Booking.Api.Contracts;
using Booking.Api.Errors;
using Booking.Api.OpenApi;
using Booking.Api.Security;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Booking.Api.Endpoints;

/// <summary>"My appointments": a patient who lost their links gets a single-use sign-in link by e-mail.</summary>
public static class MyAppointmentsEndpoints
{
    public static IEndpointRouteBuilder MapMyAppointmentsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/my-appointments").WithTags("My appointments").RequireRateLimiting(RateLimits.SignInLinkLimit);
        group.MapPost("/link", RequestLink).WithName("RequestSignInLink")
            .WithSummary("E-mail a single-use sign-in link to the address's appointments; the answer is the same whether or not the address is known (rate limited per client IP)");
        group.MapPost("/", OpenWithLink).WithName("OpenMyAppointments")
            .WithSummary("Use up a sign-in link's token: the address's appointments, each with its access_token (rate limited per client IP)")
            .Refuses(StatusCodes.Status404NotFound, Problems.SignInLinkInvalid);
        return routes;
    }

    public static async Task<Results<Accepted<SignInLinkAccepted>, ValidationProblem>> RequestLink(
        SignInLinkRequest request, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var email = errors.Email("email", request.Email);
        if (email is null)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        await cluster.GetGrain<IPatientLinkGrain>(0).RequestLinkAsync(email, cancellationToken);
        return TypedResults.Accepted((string?)null, new SignInLinkAccepted(
            "If this address has appointments with us, a sign-in link is on its way to it. It works once, for a short time."));
    }

    public static async Task<Results<Ok<MyAppointmentsResponse>, ValidationProblem, ProblemHttpResult>> OpenWithLink(
        MyAppointmentsRequest request, IClusterClient cluster, AppointmentTokens tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var token = errors.Text("token", request.Token, 200, required: true);
        if (token is null)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        // The token is checked cryptographically before the grain is asked: a forged one costs no database work.
        var opened = tokens.SignInLinks.ReadLinkToken(token) is { } linkId
            ? await cluster.GetGrain<IPatientLinkGrain>(0).RedeemAsync(linkId, cancellationToken)
            : null;
        if (opened is null)
        {
            return Problems.Problem(StatusCodes.Status404NotFound, Problems.SignInLinkInvalid, "Sign-in link not valid",
                "This link is unknown, has been used already or has expired. Ask for a new one.");
        }

        var now = clock.GetUtcNow();
        var items = opened.Items.Select(i => (i.StartsAt, Item: MyAppointmentResponse.From(i, tokens.For(i.Appointment.Id)))).ToList();
        return TypedResults.Ok(new MyAppointmentsResponse(
            opened.Email,
            items.Where(i => i.StartsAt > now).OrderBy(i => i.StartsAt).Select(i => i.Item).ToList(),
            items.Where(i => i.StartsAt <= now).OrderByDescending(i => i.StartsAt).Select(i => i.Item).ToList()));
    }
}
