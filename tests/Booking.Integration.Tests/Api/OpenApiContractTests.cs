using Booking.Integration.Tests.Infrastructure;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// The OpenAPI document as the contract: the checked-in copy the web app generates its types from is the one the Api
/// serves, and the checker that every Api test client runs (<see cref="ContractCheckingHandler"/>) refuses what the
/// document does not describe.
/// </summary>
[Collection(QuietApiCollection.Name)]
public sealed class OpenApiContractTests(QuietApiFixture fixture) : IAsyncLifetime
{
    private const string ValidProblem = """{"type":"/problems/not-found","title":"Doctor not found","status":404,"detail":"No doctor.","trace_id":"00-1-2-01"}""";

    /// <summary>The checked-in document, beside the web app that generates its API types from it.</summary>
    public static readonly string CheckedInPath = Path.Combine(SystemProcesses.RepositoryRoot(), "web", "openapi.json");

    private HttpClient _unchecked = null!;
    private OpenApiContract _contract = null!;

    public async Task InitializeAsync()
    {
        // A client without the checker, to see answers as they are.
        _unchecked = fixture.Api.CreateClient();
        _contract = OpenApiContract.Parse(await _unchecked.GetStringAsync("/openapi/v1.json"));
    }

    public Task DisposeAsync()
    {
        _unchecked.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheCheckedInDocumentIsTheOneTheApiServes()
    {
        var live = Normalize(await _unchecked.GetStringAsync("/openapi/v1.json"));
        if (Environment.GetEnvironmentVariable("BOOKING_UPDATE_CONTRACT") == "1")
        {
            await File.WriteAllTextAsync(CheckedInPath, live);
        }

        var checkedIn = File.Exists(CheckedInPath) ? await File.ReadAllTextAsync(CheckedInPath) : "";
        if (checkedIn != live)
        {
            var served = Path.Combine(SystemProcesses.RepositoryRoot(), ".data", "test-results", "openapi.json");
            Directory.CreateDirectory(Path.GetDirectoryName(served)!);
            await File.WriteAllTextAsync(served, live);
            Assert.Fail($"web/openapi.json is not the document the Api serves (that one is in {served}). Update it with " +
                "BOOKING_UPDATE_CONTRACT=1 ./test.sh 'FullyQualifiedName~OpenApiContractTests', then regenerate the web app's types: cd web && npm run contract");
        }
    }

    [Theory]
    [InlineData("/api/slots/next", "/api/slots/next")]
    [InlineData("/api/slots/0193a000-0000-7000-8000-000000000001", "/api/slots/{id}")]
    [InlineData("/api/appointments/not-a-uuid/confirm", "/api/appointments/{id}/confirm")]
    [InlineData("/api/appointments/book", "/api/appointments/book")]
    [InlineData("/api/appointments", "/api/appointments")]
    [InlineData("/api/nothing-here", null)]
    [InlineData("/api/doctors/1/2/3", null)]
    public void ConcretePathsMapToTheDocumentsTemplates(string path, string? template)
    {
        Assert.Equal(template, _contract.Template(path));
    }

    [Fact]
    public async Task TheCheckerAcceptsWhatTheApiAnswers()
    {
        var doctor = await fixture.DoctorAsync();
        var id = doctor.GetProperty("id").GetString();

        using var found = await _unchecked.GetAsync($"/api/doctors/{id}");
        using var missing = await _unchecked.GetAsync($"/api/doctors/{Guid.NewGuid()}");
        using var invalid = await _unchecked.GetAsync("/api/doctors/not-a-uuid");

        Assert.Null(await ViolationAsync("GET", $"/api/doctors/{id}", found));
        Assert.Null(await ViolationAsync("GET", $"/api/doctors/{Guid.NewGuid()}", missing));
        Assert.Null(await ViolationAsync("GET", "/api/doctors/not-a-uuid", invalid));
    }

    [Fact]
    public async Task TheCheckerRefusesAStatusTheOperationDoesNotDescribe()
    {
        using var found = await _unchecked.GetAsync("/api/doctors");
        var body = await found.Content.ReadAsStringAsync();

        Assert.Contains("not described", _contract.Violation("GET", "/api/doctors", 418, "application/problem+json", ValidProblem, found.Headers), StringComparison.Ordinal);
        Assert.Contains("not described", _contract.Violation("GET", "/api/doctors", 201, "application/json", body, found.Headers), StringComparison.Ordinal);

        // GET /api/doctors is public: a 401 is not one of its answers.
        Assert.Contains("not described", _contract.Violation("GET", "/api/doctors", 401, "application/problem+json", ValidProblem, found.Headers), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCheckerRefusesABodyOfTheWrongShape()
    {
        var doctor = await fixture.DoctorAsync();
        var id = doctor.GetProperty("id").GetString()!;
        using var found = await _unchecked.GetAsync($"/api/doctors/{id}");
        var json = JsonNode.Parse(await found.Content.ReadAsStringAsync())!.AsObject();

        Assert.Null(_contract.Violation("GET", $"/api/doctors/{id}", 200, "application/json", json.ToJsonString(), found.Headers));

        var wrongId = json.DeepClone().AsObject();
        wrongId["id"] = "not-a-uuid";
        var missingField = json.DeepClone().AsObject();
        missingField.Remove("name");
        var wrongType = json.DeepClone().AsObject();
        wrongType["experience_years"] = "twelve";
        foreach (var wrong in new[] { wrongId, missingField, wrongType })
        {
            Assert.Contains("does not match its schema", _contract.Violation("GET", $"/api/doctors/{id}", 200, "application/json", wrong.ToJsonString(), found.Headers),
                StringComparison.Ordinal);
        }

        // A problem without its type, and one whose status is not a number.
        Assert.Contains("does not match its schema",
            _contract.Violation("GET", $"/api/doctors/{id}", 404, "application/problem+json", """{"title":"x","status":404,"trace_id":"t"}""", found.Headers), StringComparison.Ordinal);
        Assert.Contains("does not match its schema",
            _contract.Violation("GET", $"/api/doctors/{id}", 404, "application/problem+json", """{"type":"/problems/not-found","title":"x","status":"404","trace_id":"t"}""", found.Headers),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCheckerRefusesAMediaTypeOrHeaderTheDocumentDoesNotDescribe()
    {
        using var found = await _unchecked.GetAsync("/api/doctors");

        Assert.Contains("media type text/plain", _contract.Violation("GET", "/api/doctors/x", 400, "text/plain", "bad", found.Headers), StringComparison.Ordinal);
        Assert.Contains("media type application/json", _contract.Violation("GET", "/api/doctors/x", 404, "application/json", ValidProblem, found.Headers), StringComparison.Ordinal);

        // A 429 must say when to retry.
        const string Limited = """{"type":"/problems/rate-limited","title":"Too many requests","status":429,"trace_id":"t"}""";
        Assert.Contains("Retry-After", _contract.Violation("POST", "/api/appointments/book", 429, "application/problem+json", Limited, found.Headers), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestOutsideTheDocumentMustBeAnsweredNotFoundOrMethodNotAllowed()
    {
        using var unknown = await _unchecked.GetAsync("/api/nothing-here");
        using var wrongMethod = await _unchecked.PatchAsync("/api/doctors", JsonContent.Create(new { }));

        Assert.Null(await ViolationAsync("GET", "/api/nothing-here", unknown));
        Assert.Null(await ViolationAsync("PATCH", "/api/doctors", wrongMethod));
        Assert.Contains("must be 404", _contract.Violation("GET", "/api/nothing-here", 200, "application/json", "{}", unknown.Headers), StringComparison.Ordinal);
    }

    private async Task<string?> ViolationAsync(string method, string path, HttpResponseMessage response) =>
        _contract.Violation(method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(), response.Headers);

    /// <summary>The document as checked in: indented, with a final newline, so diffs are readable and stable.</summary>
    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
}
