using Booking.Api.Contracts;

namespace Booking.Api.OpenApi;

/// <summary>
/// Endpoint metadata: a status the endpoint answers with a problem of its own (beyond those every endpoint of its kind
/// answers, which <see cref="ApiContract"/> derives), the problem <c>type</c>s that status carries, and the body's shape.
/// </summary>
public sealed record ProblemResponseMetadata(int Status, Type Body, IReadOnlyList<string> Types);

public static class ProblemResponses
{
    /// <summary>The endpoint may answer <paramref name="status"/> with a <see cref="ProblemBody"/> of one of these <paramref name="types"/>.</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder endpoint, int status, params string[] types) =>
        endpoint.WithMetadata(new ProblemResponseMetadata(status, typeof(ProblemBody), types));

    /// <summary>The endpoint may answer <paramref name="status"/> with a problem body of shape <typeparamref name="TBody"/>.</summary>
    public static RouteHandlerBuilder Refuses<TBody>(this RouteHandlerBuilder endpoint, int status, params string[] types) where TBody : ProblemBody =>
        endpoint.WithMetadata(new ProblemResponseMetadata(status, typeof(TBody), types));
}
