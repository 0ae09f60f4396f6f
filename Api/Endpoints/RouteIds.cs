using Booking.Api.Contracts;
using Booking.Api.Errors;

namespace Booking.Api.Endpoints;

/// <summary>
/// The <c>{id}</c> of a route, checked in one place: an endpoint whose handler takes <c>string id</c> runs only when it is
/// a UUID. Anything else is answered 400, a validation problem naming <c>id</c>, before the handler runs and before an
/// appointment's token is checked (so that answer reveals nothing). The handler then reads it with <see cref="Parse"/>.
/// </summary>
public static class RouteIds
{
    private const string Name = "id";

    /// <summary>Checks the id of every endpoint of <paramref name="group"/> whose handler takes one.</summary>
    public static RouteGroupBuilder CheckRouteIds(this RouteGroupBuilder group)
    {
        // Endpoints without an id get no filter at all (the factory hands back their handler unchanged).
        group.AddEndpointFilterFactory((context, next) =>
            Array.FindIndex(context.MethodInfo.GetParameters(), p => p.Name == Name && p.ParameterType == typeof(string)) is var index and >= 0
                ? invocation => Check(invocation.GetArgument<string>(index)) is { } invalid ? ValueTask.FromResult<object?>(invalid) : next(invocation)
                : next);
        return group;
    }

    /// <summary>The id of a route whose endpoint group checks its ids (<see cref="CheckRouteIds"/>).</summary>
    public static Guid Parse(string id) => Guid.ParseExact(id.Trim(), "D");

    private static object? Check(string id)
    {
        var errors = new FieldErrors();
        return errors.Id(Name, id) is null ? Problems.Invalid(errors.ToDictionary()) : null;
    }
}
