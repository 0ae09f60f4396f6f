using Booking.Integration.Tests.Infrastructure;
using System.Diagnostics;
using System.Text.Json;

namespace Booking.Integration.Tests;

/// <summary>
/// docker-compose.yml as Docker Compose reads it: images cannot be pulled here, so `docker-compose config` (Debian's
/// docker-compose, which ./test.sh installs) validates the file, and the resolved configuration is checked for
/// what the services rely on: which services, which ports, which settings, which Dockerfiles.
/// </summary>
[Trait("Category", "Deployment")]
public sealed class ComposeFileTests
{
    private static readonly string Root = SystemProcesses.RepositoryRoot();
    private const string SigningKey = "Y29tcG9zZS10ZXN0LWtleS1vZi0zMi1ieXRlcy0hISE=";
    private const string AdminPassword = "compose-test-password";

    [Fact]
    public async Task DockerComposeAcceptsTheFile()
    {
        var (exitCode, text) = await RunAsync("docker-compose -f docker-compose.yml config -q");

        Assert.True(exitCode == 0, $"docker-compose config -q failed ({exitCode}):\n{text}");
    }

    [Fact]
    public async Task TheApisSecretsComeFromTheEnvironmentAndHaveNoDefault()
    {
        var (exitCode, text) = await RunAsync("docker-compose -f docker-compose.yml config -q", withSecrets: false);
        var api = (await ResolvedAsync()).GetProperty("services").GetProperty("api").GetProperty("environment");

        Assert.True(exitCode != 0, "docker-compose accepted the file without BOOKING_SIGNING_KEY and BOOKING_ADMIN_PASSWORD.");
        Assert.Contains("BOOKING_SIGNING_KEY", text, StringComparison.Ordinal);
        Assert.Equal(SigningKey, api.GetProperty("Auth__SigningKey").GetString());
        Assert.Equal(AdminPassword, api.GetProperty("Auth__AdminPassword").GetString());
    }

    [Fact]
    public async Task ServicesAreAScalableSiloAnApiOnPort5080AndPostgres()
    {
        var services = (await ResolvedAsync()).GetProperty("services");

        Assert.Equal(["api", "postgres", "silo"], services.EnumerateObject().Select(s => s.Name).Order());
        Assert.StartsWith("postgres:", services.GetProperty("postgres").GetProperty("image").GetString(), StringComparison.Ordinal);

        // --scale silo=3 needs a silo without host ports: three replicas could not all bind one.
        var silo = services.GetProperty("silo");
        Assert.False(silo.TryGetProperty("ports", out _), "The silo publishes host ports; it could not be scaled.");
        Assert.Equal("Silo/Dockerfile", silo.GetProperty("build").GetProperty("dockerfile").GetString());
        Assert.Equal("service_healthy", silo.GetProperty("depends_on").GetProperty("postgres").GetProperty("condition").GetString());

        var api = services.GetProperty("api");
        var port = Assert.Single(api.GetProperty("ports").EnumerateArray());
        Assert.Equal(5080, port.GetProperty("published").GetInt32());
        Assert.Equal(5080, port.GetProperty("target").GetInt32());
        Assert.Equal("Api/Dockerfile", api.GetProperty("build").GetProperty("dockerfile").GetString());
        Assert.Equal("service_healthy", api.GetProperty("depends_on").GetProperty("silo").GetProperty("condition").GetString());

        foreach (var name in new[] { "postgres", "silo", "api" })
        {
            Assert.True(services.GetProperty(name).TryGetProperty("healthcheck", out var health) && health.GetProperty("test").GetArrayLength() > 0,
                $"Service {name} has no health check.");
        }

        // Silo and Api are healthy when their readiness endpoints say so (the silo's on its own HTTP port).
        var siloPort = silo.GetProperty("environment").GetProperty("Silo__HttpPort").GetString();
        Assert.Equal("0.0.0.0", silo.GetProperty("environment").GetProperty("Silo__HttpAddress").GetString());
        Assert.Contains($"/dev/tcp/127.0.0.1/{siloPort} ", HealthCheck(silo), StringComparison.Ordinal);
        Assert.Contains("GET /health/ready", HealthCheck(silo), StringComparison.Ordinal);
        Assert.Contains("GET /health/ready", HealthCheck(api), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiloAndApiShareTheDatabaseAndClusterAndTheApiFindsSilosInTheMembershipTable()
    {
        var services = (await ResolvedAsync()).GetProperty("services");
        var postgres = services.GetProperty("postgres").GetProperty("environment");
        var silo = services.GetProperty("silo").GetProperty("environment");
        var api = services.GetProperty("api").GetProperty("environment");

        var connection = silo.GetProperty("ConnectionStrings__Booking").GetString()!;
        Assert.Equal(connection, api.GetProperty("ConnectionStrings__Booking").GetString());
        Assert.Contains("Host=postgres;", connection, StringComparison.Ordinal);
        Assert.Contains($"Database={postgres.GetProperty("POSTGRES_DB").GetString()};", connection, StringComparison.Ordinal);
        Assert.Contains($"Username={postgres.GetProperty("POSTGRES_USER").GetString()};", connection, StringComparison.Ordinal);
        Assert.Contains($"Password={postgres.GetProperty("POSTGRES_PASSWORD").GetString()}", connection, StringComparison.Ordinal);
        Assert.Equal(silo.GetProperty("Orleans__ClusterId").GetString(), api.GetProperty("Orleans__ClusterId").GetString());
        Assert.Equal(silo.GetProperty("Orleans__ServiceId").GetString(), api.GetProperty("Orleans__ServiceId").GetString());
        Assert.False(api.TryGetProperty("Orleans__Gateways", out _), "A static gateway list would miss scaled silos.");
        Assert.EndsWith(":5080", api.GetProperty("ASPNETCORE_URLS").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Silo/Dockerfile", "Booking.Silo.dll")]
    [InlineData("Api/Dockerfile", "Booking.Api.dll")]
    public void DockerfilesBuildWithTheSdkAndRunOnTheAspNetRuntime(string dockerfile, string dll)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, dockerfile));
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, from.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", from[0], StringComparison.Ordinal);
        Assert.Equal("FROM mcr.microsoft.com/dotnet/aspnet:10.0", from[1]);
        Assert.Contains(lines, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains(dll, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, dll)), $"{dll} is not what the project builds.");
    }

    private static string HealthCheck(JsonElement service) =>
        string.Join(' ', service.GetProperty("healthcheck").GetProperty("test").EnumerateArray().Select(e => e.GetString()));

    /// <summary>The configuration as Compose resolves it (docker-compose config), as JSON (through PyYAML, which docker-compose ships with).</summary>
    private static async Task<JsonElement> ResolvedAsync()
    {
        var (exitCode, text) = await RunAsync(
            "docker-compose -f docker-compose.yml config | python3 -c 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'");
        Assert.True(exitCode == 0, $"docker-compose config failed ({exitCode}):\n{text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Runs <paramref name="command"/> in the repository, with the secrets Compose asks for set unless told otherwise.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string command, bool withSecrets = true)
    {
        var start = new ProcessStartInfo("bash", ["-o", "pipefail", "-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        start.Environment.Remove("BOOKING_SIGNING_KEY");
        start.Environment.Remove("BOOKING_ADMIN_PASSWORD");
        if (withSecrets)
        {
            start.Environment["BOOKING_SIGNING_KEY"] = SigningKey;
            start.Environment["BOOKING_ADMIN_PASSWORD"] = AdminPassword;
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("bash could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var stdout = await output;
        return (process.ExitCode, process.ExitCode == 0 ? stdout : stdout + await errors);
    }
}
