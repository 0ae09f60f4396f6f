using Booking.Api.Contracts;
using Booking.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using System.ComponentModel.DataAnnotations;

namespace Booking.Api.Security;

/// <summary>Body of <c>POST /api/auth/token</c>.</summary>
/// <param name="Username">Always <c>admin</c>.</param>
/// <param name="Password">The configured <c>Auth:AdminPassword</c>.</param>
public sealed record TokenRequest(
    [property: Required, MinLength(1), MaxLength(WireFormats.UsernameLength)] string? Username,
    [property: Required, MinLength(1), MaxLength(WireFormats.PasswordLength)] string? Password);

/// <summary>An admin bearer token: send it as <c>Authorization: Bearer &lt;access_token&gt;</c>.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/auth/token", IssueToken).WithTags("Auth").WithName("IssueAdminToken")
            .WithSummary("Sign in as the dev admin: a JWT with role admin for the admin endpoints (rate limited per client IP)")
            .RequireRateLimiting(SecurityServices.SignInLimit)
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
