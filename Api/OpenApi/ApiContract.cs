using Booking.Api.Contracts;
using Booking.Api.Errors;
using Booking.Api.Endpoints;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using System.Globalization;
using System.Reflection;

namespace Booking.Api.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) as the contract clients generate from: every status each operation
/// can answer, with its problem body; formats of ids, dates, times and instants; the appointment status values; the
/// same rules for parameters as for body fields. One mechanism: the statuses every operation of a kind answers are
/// derived here from the endpoint's own metadata (a body, route ids, authorization, rate limiting), and endpoints
/// add only their own with <see cref="ProblemResponses.Refuses"/>; formats come from the wire names and rules in
/// <see cref="WireFormats"/>. Only <c>/api</c> is described: the dashboard, health and metrics are not the API.
/// </summary>
public static class ApiContract
{
    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddBookingOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddSchemaTransformer(DescribeSchema);
        o.AddOperationTransformer(DescribeOperation);
        o.AddDocumentTransformer(KeepOnlyTheApi);
    });

    /// <summary>Every status an operation answers with a problem, and the problem types each carries.</summary>
    public static SortedDictionary<int, (SortedSet<string> Types, List<Type> Bodies)> ProblemAnswers(
        IList<object> metadata, string relativePath, bool hasBody, bool hasParameters)
    {
        var answers = new SortedDictionary<int, (SortedSet<string> Types, List<Type> Bodies)>();
        void Add(int status, Type body, IEnumerable<string> types)
        {
            if (!answers.TryGetValue(status, out var answer))
            {
                answers[status] = answer = ([], []);
            }

            answer.Types.UnionWith(types);
            if (!answer.Bodies.Contains(body))
            {
                answer.Bodies.Add(body);
            }
        }

        if (hasBody)
        {
            Add(400, typeof(ValidationProblemBody), [Problems.ValidationError, Problems.MalformedJson]);
            Add(413, typeof(ProblemBody), [Problems.PayloadTooLarge]);
            Add(415, typeof(ProblemBody), [Problems.UnsupportedMediaType]);
        }
        else if (hasParameters)
        {
            Add(400, typeof(ValidationProblemBody), [Problems.ValidationError]);
        }

        if (metadata.OfType<IAuthorizeData>().Any())
        {
            Add(401, typeof(ProblemBody), [Problems.Unauthorized]);
            Add(403, typeof(ProblemBody), [Problems.Forbidden]);
        }

        if (relativePath.Contains("{id}", StringComparison.Ordinal))
        {
            Add(404, typeof(ProblemBody), [Problems.NotFound]);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Add(429, typeof(ProblemBody), [Problems.RateLimited]);
        }

        foreach (var own in metadata.OfType<ProblemResponseMetadata>())
        {
            Add(own.Status, own.Body, own.Types);
        }

        // Every operation that calls the cluster: it or the database may be unable to serve now.
        if (metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(IClusterClient))))
        {
            Add(503, typeof(ProblemBody), [Problems.ServiceUnavailable]);
            if (metadata.OfType<HttpMethodMetadata>().Any(m => m.HttpMethods.Any(h => h is not ("GET" or "HEAD"))))
            {
                // A write whose answer was lost may have happened (ApiExceptionHandler).
                Add(504, typeof(ProblemBody), [Problems.BookingOutcomeUnknown]);
            }
        }

        // Every request has a time limit.
        Add(504, typeof(ProblemBody), [Problems.RequestTimeout]);
        return answers;
    }

    private static async Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Schema is OpenApiSchema schema)
            {
                DescribeValue(parameter.Name!, schema);
            }
        }

        var description = context.Description;
        var answers = ProblemAnswers(description.ActionDescriptor.EndpointMetadata, "/" + description.RelativePath,
            hasBody: description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body),
            hasParameters: operation.Parameters is { Count: > 0 });
        operation.Responses ??= [];
        foreach (var (status, (types, bodies)) in answers)
        {
            var schemas = new List<IOpenApiSchema>();
            foreach (var body in bodies)
            {
                schemas.Add(await ReferenceAsync(body, context, cancellationToken));
            }

            var response = new OpenApiResponse
            {
                Description = $"{ReasonPhrase(status)}: a problem of type {string.Join(", ", types.Select(t => $"`{t}`"))}.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new() { Schema = schemas.Count == 1 ? schemas[0] : new OpenApiSchema { AnyOf = schemas } },
                },
            };
            if (types.Contains(Problems.RateLimited) || types.Contains(Problems.ServiceUnavailable))
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Required = true,
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                    },
                };
            }

            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = response;
        }
    }

    /// <summary>A reference to the component schema of <paramref name="body"/>, registered the first time.</summary>
    private static async Task<IOpenApiSchema> ReferenceAsync(Type body, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(body.Name) != true)
        {
            document.AddComponent(body.Name, await context.GetOrCreateSchemaAsync(body, null, cancellationToken));
        }

        return new OpenApiSchemaReference(body.Name, document);
    }

    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?))
        {
            // Written by UtcInstantConverter, which the generator cannot see through.
            schema.Type = type == typeof(DateTimeOffset) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }
        else if (context.JsonPropertyInfo is { } property)
        {
            DescribeValue(property.Name, schema);
        }

        return Task.CompletedTask;
    }

    /// <summary>The format, pattern or values of a body field or parameter, by its wire name: the same name means the same rule everywhere.</summary>
    private static void DescribeValue(string name, OpenApiSchema schema)
    {
        if (schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema items && name == "times")
        {
            DescribeValue("time", items);
            return;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.String) != true)
        {
            return;
        }

        switch (name)
        {
            case "id" or "slot_id" or "doctor_id" or "appointment_id":
                schema.Format = "uuid";
                schema.Pattern ??= WireFormats.Uuid;
                break;
            case "date" or "appointment_date" or "start_date" or "end_date":
                schema.Format = "date";
                schema.Pattern ??= WireFormats.Date;
                break;
            case "time" or "appointment_time" or "start_time" or "end_time":
                schema.Pattern ??= WireFormats.Time;
                schema.Description ??= "HH:mm, 00:00 to 23:59.";
                break;
            case "email" or "patient_email":
                schema.Format = "email";
                schema.Pattern ??= WireFormats.Email;
                schema.MaxLength ??= WireFormats.EmailLength;
                break;
            case "status":
                schema.Enum = [.. Enum.GetNames<AppointmentStatus>().Select(n => (System.Text.Json.Nodes.JsonNode)n.ToUpperInvariant())];
                break;
            case "weekday":
                // Monday first, as the working hours list them; null stays allowed where the schema allows it.
                schema.Enum = [.. Enumerable.Range(1, 7).Select(d => (System.Text.Json.Nodes.JsonNode?)FieldErrors.WeekdayName((DayOfWeek)(d % 7)))
                    .Concat(schema.Type?.HasFlag(JsonSchemaType.Null) == true ? [null] : [])!];
                break;
            case "include":
                schema.Enum = ["available", "all"];
                schema.Description ??= "`available` (the default): bookable slots only; `all`: taken and past ones too.";
                break;
            case "limit":
                schema.Type = JsonSchemaType.Integer;
                schema.Minimum = "1";
                schema.Maximum = AppointmentEndpoints.MaxPageSize.ToString(CultureInfo.InvariantCulture);
                schema.Description ??= $"Page size, 1 to {AppointmentEndpoints.MaxPageSize}; default {AppointmentEndpoints.DefaultPageSize}.";
                break;
            case "specialization":
                schema.MaxLength ??= WireFormats.SpecializationLength;
                break;
            case "search":
                schema.MaxLength ??= WireFormats.NameLength;
                schema.Description ??= "Part of the doctor's name.";
                break;
            case "doctor_ids":
                schema.Pattern ??= $"^{WireFormats.Uuid[1..^1]}(,{WireFormats.Uuid[1..^1]}){{0,{SlotEndpoints.MaxNextSlotDoctors - 1}}}$";
                schema.Description ??= $"1 to {SlotEndpoints.MaxNextSlotDoctors} doctor ids (UUIDs), comma-separated.";
                break;
            case IdempotencyKey.Header:
                schema.Pattern ??= IdempotencyKey.Pattern;
                schema.Description ??= "Makes the booking safe to retry: the same key and body always get the first answer. 1 to 255 visible ASCII characters (a UUID is a good key).";
                break;
        }
    }

    private static Task KeepOnlyTheApi(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var path in document.Paths.Keys.Where(p => !p.StartsWith("/api/", StringComparison.Ordinal)).ToList())
        {
            document.Paths.Remove(path);
        }

        // The server is wherever the document was fetched from; naming the request's host would make it differ by caller.
        document.Servers = [];

        // The framework's own problem shapes, replaced on every operation by the Api's (which name trace_id and errors).
        if (document.Components?.Schemas is { } schemas)
        {
            schemas.Remove("HttpValidationProblemDetails");
            schemas.Remove("ProblemDetails");
        }

        return Task.CompletedTask;
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
