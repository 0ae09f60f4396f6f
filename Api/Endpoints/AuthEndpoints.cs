using Booking.Api.Contracts;
using Booking.Api.Errors;
using Booking.Api.OpenApi;
using Booking.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Booking.Api.Endpoints;

/// <summary>Admin sign-in: a JWT for the admin endpoints.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/auth/token", IssueToken).WithTags("Auth").WithName("IssueAdminToken")
            .WithSummary("Sign in as the dev admin: a JWT with role admin for the admin endpoints (rate limited per client IP)")
            .RequireRateLimiting(RateLimits.SignInLimit)
            .Refuses(StatusCodes.Status401Unauthorized, Problems.InvalidCredentials)
            .Refuses(StatusCodes.Status503ServiceUnavailable, Problems.AuthNotConfigured);
        return routes;
    }

    public static Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult> IssueToken(
        TokenRequest request, AdminTokens tokens, ILoggerFactory loggers)
    {
        var errors = new FieldErrors();
        var user = errors.Text("username", request.Username, WireFormats.UsernameLength, required: true);
        var password = errors.Text("password", request.Password, WireFormats.PasswordLength, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        if (!tokens.CanSignIn)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, Problems.AuthNotConfigured, "Admin sign-in not configured",
                "This server has no Auth:SigningKey or Auth:AdminPassword configured, so nobody can sign in.");
        }

        if (!tokens.IsAdmin(user!, password!))
        {
            // Neither the name nor the password is logged.
            loggers.CreateLogger("Booking.Api.Security").LogWarning("Admin sign-in refused: wrong user name or password");
            return Problems.Problem(StatusCodes.Status401Unauthorized, Problems.InvalidCredentials, "Wrong user name or password",
                "The user name or password is not right.");
        }

        return TypedResults.Ok(new TokenResponse(tokens.Mint(), "Bearer", (int)tokens.Lifetime.TotalSeconds));
    }
}
