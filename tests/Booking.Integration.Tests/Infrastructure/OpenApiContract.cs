using Json.Schema;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// The Api's OpenAPI document as a checker of answers: maps a concrete path to the document's template, and says what
/// is wrong with an answer (a status the operation does not list, a media type it does not list, a body its schema
/// refuses, a required header missing), or null when the answer is one the document describes. Paths outside
/// <c>/api/</c> (health, metrics, the web app, the document itself) are not the API and are not checked.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly EvaluationOptions Evaluation = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    private readonly JsonObject _paths;
    private readonly JsonNode _schemas;
    private readonly List<(string Template, string[] Segments)> _templates;
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new();

    private OpenApiContract(JsonObject document)
    {
        _paths = document["paths"]!.AsObject();
        _schemas = document["components"]?["schemas"]?.DeepClone() ?? new JsonObject();
        _templates = [.. _paths.Select(p => (p.Key, p.Key.Trim('/').Split('/')))];
    }

    public static OpenApiContract Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    /// <summary>The document's template for <paramref name="path"/> (literal segments win over parameters), or null.</summary>
    public string? Template(string path)
    {
        var segments = path.Trim('/').Split('/');
        return _templates
            .Where(t => t.Segments.Length == segments.Length
                && t.Segments.Zip(segments).All(s => IsParameter(s.First) || string.Equals(s.First, s.Second, StringComparison.Ordinal)))
            .OrderByDescending(t => t.Segments.Count(s => !IsParameter(s)))
            .Select(t => t.Template)
            .FirstOrDefault();
    }

    /// <summary>What is wrong with this answer by the document, or null when it is described.</summary>
    public string? Violation(string method, string path, int status, string? mediaType, string body, HttpResponseHeaders headers)
    {
        if (!path.StartsWith("/api/", StringComparison.Ordinal) || method is "OPTIONS" or "HEAD")
        {
            return null;
        }

        var where = $"{method} {path} -> {status}";
        var template = Template(path);
        if (template is null || _paths[template]![method.ToLowerInvariant()] is not JsonObject operation)
        {
            // Not an operation of the document: the only answers are "no such resource" (404) and, for a path the
            // document has, "no such method" (405; a GET there may meet the web app's fallback first, which says 404).
            return status != 404 && (template is null || status != 405)
                ? $"{where}: the document has no operation {method} {template ?? path}, so the answer must be 404{(template is null ? "" : " or 405")}"
                : CheckBody(where, "#/components/schemas/ProblemBody", "application/problem+json", mediaType, body);
        }

        where = $"{method} {template} -> {status}";
        if (operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)] is not JsonObject response)
        {
            return $"{where}: status {status} is not described (described: {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))}); body: {Shorten(body)}";
        }

        foreach (var (name, header) in response["headers"]?.AsObject() ?? [])
        {
            if (header?["required"]?.GetValue<bool>() == true && !headers.Contains(name))
            {
                return $"{where}: the required header {name} is missing";
            }
        }

        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            return body.Length == 0 ? null : $"{where}: the document describes no body, but one came: {Shorten(body)}";
        }

        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            return $"{where}: media type {mediaType ?? "(none)"} is not described (described: {string.Join(", ", content.Select(c => c.Key))})";
        }

        return CheckBody(where, media["schema"]!.ToJsonString(), mediaType, mediaType, body);
    }

    private string? CheckBody(string where, string schemaOrRef, string expectedMediaType, string? mediaType, string body)
    {
        if (mediaType != expectedMediaType)
        {
            return $"{where}: media type {mediaType ?? "(none)"}, the document says {expectedMediaType}";
        }

        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return $"{where}: the body is not JSON ({e.Message}): {Shorten(body)}";
        }

        var schema = _compiled.GetOrAdd(schemaOrRef, Compile);
        var result = schema.Evaluate(instance, Evaluation);
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Distinct().Take(5);
        return $"{where}: the body does not match its schema: {string.Join("; ", errors)}; body: {Shorten(body)}";
    }

    /// <summary>A JSON Schema of its own for one response: the document's component schemas as <c>$defs</c>.</summary>
    private JsonSchema Compile(string schemaOrRef)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _schemas.DeepClone(),
            ["allOf"] = new JsonArray(schemaOrRef.StartsWith('#') ? new JsonObject { ["$ref"] = schemaOrRef } : JsonNode.Parse(schemaOrRef)),
        };
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://contract.test/{Guid.NewGuid():N}"));
    }

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}

/// <summary>
/// Checks every answer an Api test client receives against the OpenAPI document, good and bad requests alike, and
/// fails the request (so the test) on the first answer the document does not describe. Installed in the clients of
/// <see cref="ApiFactory"/>; the document is read once from the Api under test.
/// </summary>
public sealed class ContractCheckingHandler : DelegatingHandler
{
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static OpenApiContract? _contract;

    /// <summary>Every answer checked so far in this test run: (method, template or path, status).</summary>
    public static ConcurrentBag<(string Method, string Route, int Status)> Checked { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var contract = await ContractAsync(request.RequestUri!, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var violation = contract.Violation(request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers);
        if (violation is not null)
        {
            throw new ContractViolationException(violation);
        }

        Checked.Add((request.Method.Method, contract.Template(path) ?? path, (int)response.StatusCode));
        return response;
    }

    private async Task<OpenApiContract> ContractAsync(Uri server, CancellationToken cancellationToken)
    {
        if (_contract is { } loaded)
        {
            return loaded;
        }

        await Loading.WaitAsync(cancellationToken);
        try
        {
            if (_contract is null)
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "/openapi/v1.json"));
                using var document = await base.SendAsync(get, cancellationToken);
                document.EnsureSuccessStatusCode();
                _contract = OpenApiContract.Parse(await document.Content.ReadAsStringAsync(cancellationToken));
            }

            return _contract;
        }
        finally
        {
            Loading.Release();
        }
    }
}

/// <summary>Clients of the Api whose every answer is checked against the OpenAPI document.</summary>
public static class ContractChecked
{
    /// <summary>A client of an Api hosted in the test process (what <c>CreateClient</c> gives, plus the check).</summary>
    public static HttpClient Client(WebApplicationFactory<Program> api) =>
        api.CreateDefaultClient(api.ClientOptions.BaseAddress, new RedirectHandler(), new CookieContainerHandler(), new ContractCheckingHandler());

    /// <summary>A client of an Api running as its own process.</summary>
    public static HttpClient Client(Uri api, HttpMessageHandler transport, TimeSpan timeout) =>
        new(new ContractCheckingHandler { InnerHandler = transport }) { BaseAddress = api, Timeout = timeout };
}

/// <summary>An answer the OpenAPI document does not describe.</summary>
public sealed class ContractViolationException(string message) : Exception("Answer outside the OpenAPI contract: " + message);
