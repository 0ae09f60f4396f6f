using Booking.Api.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Booking.Api.Infrastructure;

/// <summary>
/// The Api's JSON, configured here only: the wire format (snake_case names, instants in UTC, no numbers in strings) of
/// every body and of the live availability hub's messages, and how strictly bodies are read.
/// </summary>
public static class ApiJson
{
    public static WebApplicationBuilder AddBookingJson(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JsonOptions>().Configure<IOptions<RequestLimitOptions>>((json, limits) =>
        {
            UseWireFormat(json.SerializerOptions);
            json.SerializerOptions.MaxDepth = limits.Value.MaxJsonDepth;

            // {"slot_id": "a", "slot_id": "b"} is ambiguous: refuse it rather than let the last one win.
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
        return builder;
    }

    /// <summary>The wire format, for bodies and hub messages alike.</summary>
    public static void UseWireFormat(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new UtcInstantConverter());

        // A number sent as a string ("12") is a wrong type, answered 400 like any other.
        options.NumberHandling = JsonNumberHandling.Strict;
    }
}
