using Booking.Api.Contracts;
using Booking.Api.Errors;
using Booking.Api.Security;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Booking.Api.Endpoints;

/// <summary>Webhook endpoints (admin): register, list, remove, and read each one's delivery attempts.</summary>
public static class WebhookEndpoints
{
    public const int DefaultAttempts = 50;
    public const int MaxAttempts = 500;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks").WithTags("Webhooks").CheckRouteIds();
        group.MapPost("/", CreateWebhook).WithName("CreateWebhook")
            .WithSummary("Register an endpoint for appointment events; deliveries are signed with its secret, which this answer alone shows (admin)").AdminWrite();
        group.MapGet("/", ListWebhooks).WithName("ListWebhooks").WithSummary("List the registered endpoints, without their secrets (admin)").AdminRead();
        group.MapDelete("/{id}", DeleteWebhook).WithName("DeleteWebhook")
            .WithSummary("Remove an endpoint with its pending deliveries and its log (admin)").AdminWrite();
        group.MapGet("/{id}/attempts", ListAttempts).WithName("ListWebhookAttempts")
            .WithSummary("An endpoint's latest delivery attempts, newest first: status code, duration, error, and where the delivery stands (admin)").AdminRead();
        return routes;
    }

    public static async Task<Results<Created<WebhookResponse>, ValidationProblem>> CreateWebhook(
        WebhookRequest request, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Validate(errors) is not { } draft)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var created = await cluster.GetGrain<IWebhookAdminGrain>(0).CreateAsync(draft, cancellationToken);
        return TypedResults.Created($"/api/webhooks/{created.Id}", WebhookResponse.From(created) with { Secret = draft.Secret });
    }

    public static async Task<Ok<WebhookListResponse>> ListWebhooks(IClusterClient cluster, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookListResponse((await cluster.GetGrain<IWebhookAdminGrain>(0).ListAsync(cancellationToken)).Select(WebhookResponse.From).ToList()));

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteWebhook(
        string id, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var endpointId = RouteIds.Parse(id);
        return await cluster.GetGrain<IWebhookAdminGrain>(0).DeleteAsync(endpointId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFoundProblem("Webhook", endpointId);
    }

    public static async Task<Results<Ok<WebhookAttemptListResponse>, ValidationProblem, ProblemHttpResult>> ListAttempts(
        string id, string? limit, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var endpointId = RouteIds.Parse(id);
        var count = DefaultAttempts;
        if (limit is not null && !(int.TryParse(limit, out count) && count is >= 1 and <= MaxAttempts))
        {
            var errors = new FieldErrors();
            errors.Add("limit", $"must be a whole number from 1 to {MaxAttempts}.");
            return Problems.Invalid(errors.ToDictionary());
        }

        var attempts = await cluster.GetGrain<IWebhookAdminGrain>(0).ListAttemptsAsync(endpointId, count, cancellationToken);
        return attempts is null
            ? Problems.NotFoundProblem("Webhook", endpointId)
            : TypedResults.Ok(new WebhookAttemptListResponse(attempts.Select(WebhookAttemptResponse.From).ToList()));
    }
}
