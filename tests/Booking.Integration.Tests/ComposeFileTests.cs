using Booking.Api.Infrastructure;
using Booking.Integration.Tests.Infrastructure;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests;

/// <summary>
/// docker-compose.yml and the Dockerfiles as Docker reads them: images cannot be pulled or built here, so
/// `docker-compose config` (Debian's docker-compose, which ./test.sh installs) validates the compose file, its resolved
/// configuration is checked for what the services rely on, the file as written is checked for secrets, and the
/// Dockerfiles are parsed into stages and instructions and checked for what each image must contain and run as.
/// </summary>
[Trait("Category", "Deployment")]
public sealed partial class ComposeFileTests
{
    private static readonly string Root = SystemProcesses.RepositoryRoot();

    /// <summary>Every secret the file requires, by variable, with a test value.</summary>
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["POSTGRES_PASSWORD"] = "compose-test-owner-password",
        ["BOOKING_API_DB_PASSWORD"] = "compose-test-api-password",
        ["BOOKING_SIGNING_KEY"] = "Y29tcG9zZS10ZXN0LWtleS1vZi0zMi1ieXRlcy0hISE=",
        ["BOOKING_ADMIN_PASSWORD"] = "compose-test-password",
    };

    private static readonly string[] LongRunning = ["postgres", "silo", "api"];

    [Fact]
    public async Task DockerComposeAcceptsTheFile()
    {
        var (exitCode, text) = await RunAsync("docker-compose -f docker-compose.yml config -q");

        Assert.True(exitCode == 0, $"docker-compose config -q failed ({exitCode}):\n{text}");
    }

    [Theory]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("BOOKING_API_DB_PASSWORD")]
    [InlineData("BOOKING_SIGNING_KEY")]
    [InlineData("BOOKING_ADMIN_PASSWORD")]
    public async Task EverySecretComesFromTheEnvironmentAndComposeRefusesToStartWithoutIt(string variable)
    {
        var (exitCode, text) = await RunAsync("docker-compose -f docker-compose.yml config -q", without: variable);

        Assert.True(exitCode != 0, $"docker-compose accepted the file without {variable}.");
        Assert.Contains($"set {variable}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSecretsArriveWhereTheProcessesReadThem()
    {
        var services = (await ResolvedAsync()).GetProperty("services");
        var api = services.GetProperty("api").GetProperty("environment");
        var role = services.GetProperty("api-db-role").GetProperty("environment");

        Assert.Equal(Secrets["BOOKING_SIGNING_KEY"], api.GetProperty("Auth__SigningKey").GetString());
        Assert.Equal(Secrets["BOOKING_ADMIN_PASSWORD"], api.GetProperty("Auth__AdminPassword").GetString());
        Assert.Equal(Secrets["POSTGRES_PASSWORD"], services.GetProperty("postgres").GetProperty("environment").GetProperty("POSTGRES_PASSWORD").GetString());
        Assert.Equal(Secrets["POSTGRES_PASSWORD"], role.GetProperty("PGPASSWORD").GetString());
        Assert.Equal(Secrets["BOOKING_API_DB_PASSWORD"], role.GetProperty("BOOKING_API_DB_PASSWORD").GetString());
    }

    [Fact]
    public void NoPasswordOrKeyIsWrittenIntoTheFile()
    {
        // The file as written (no interpolation): every secret is a ${VARIABLE:?message} reference, without a default.
        var services = Parse(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))).GetProperty("services");
        var checkedSecrets = 0;
        foreach (var service in services.EnumerateObject())
        {
            if (!service.Value.TryGetProperty("environment", out var environment))
            {
                continue;
            }

            foreach (var setting in environment.EnumerateObject())
            {
                var value = setting.Value.ToString();
                var secrets = SecretName().IsMatch(setting.Name)
                    ? [value]
                    : ConnectionStringPassword().Matches(value).Select(m => m.Groups[1].Value).ToList();
                foreach (var secret in secrets)
                {
                    checkedSecrets++;
                    Assert.True(RequiredVariable().IsMatch(secret),
                        $"{service.Name}: {setting.Name} holds '{secret}', not a required variable such as ${{NAME:?message}}.");
                }
            }
        }

        // postgres, silo, api-db-role (2), api (3): proves the walk found them.
        Assert.True(checkedSecrets >= 7, $"Only {checkedSecrets} secrets found in docker-compose.yml.");
    }

    [Fact]
    public async Task ServicesAreAScalableSiloAnApiOnPort5080PostgresAndTheApisRoleStep()
    {
        var services = (await ResolvedAsync()).GetProperty("services");

        Assert.Equal(["api", "api-db-role", "postgres", "silo"], services.EnumerateObject().Select(s => s.Name).Order());
        Assert.StartsWith("postgres:", services.GetProperty("postgres").GetProperty("image").GetString(), StringComparison.Ordinal);

        // --scale silo=3 needs a silo without host ports: three replicas could not all bind one.
        var silo = services.GetProperty("silo");
        Assert.False(silo.TryGetProperty("ports", out _), "The silo publishes host ports; it could not be scaled.");
        Assert.Equal("Silo/Dockerfile", silo.GetProperty("build").GetProperty("dockerfile").GetString());
        Assert.Equal("service_healthy", Condition(silo, "postgres"));

        var api = services.GetProperty("api");
        var port = Assert.Single(api.GetProperty("ports").EnumerateArray());
        Assert.Equal(5080, port.GetProperty("published").GetInt32());
        Assert.Equal(5080, port.GetProperty("target").GetInt32());
        Assert.Equal("Api/Dockerfile", api.GetProperty("build").GetProperty("dockerfile").GetString());
        Assert.Equal("service_healthy", Condition(api, "silo"));

        foreach (var name in LongRunning)
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
    public async Task EveryServiceRestartsByItselfAndTheOneShotStepOnlyUntilItSucceeds()
    {
        var services = (await ResolvedAsync()).GetProperty("services");

        foreach (var name in LongRunning)
        {
            Assert.True(services.GetProperty(name).TryGetProperty("restart", out var restart) && restart.GetString() is "unless-stopped" or "always",
                $"Service {name} is not restarted when it stops by itself (a silo voted dead stops itself).");
        }

        Assert.Equal("on-failure", services.GetProperty("api-db-role").GetProperty("restart").GetString());
    }

    [Fact]
    public async Task SiloAndApiShareTheDatabaseAndClusterAndTheApiFindsSilosInTheMembershipTableWithItsOwnRole()
    {
        var services = (await ResolvedAsync()).GetProperty("services");
        var postgres = services.GetProperty("postgres").GetProperty("environment");
        var silo = services.GetProperty("silo").GetProperty("environment");
        var api = services.GetProperty("api").GetProperty("environment");

        // The silos migrate the schema: they connect as its owner.
        var owner = ConnectionString(silo);
        Assert.Equal("postgres", owner["Host"]);
        Assert.Equal(postgres.GetProperty("POSTGRES_DB").GetString(), owner["Database"]);
        Assert.Equal(postgres.GetProperty("POSTGRES_USER").GetString(), owner["Username"]);
        Assert.Equal(postgres.GetProperty("POSTGRES_PASSWORD").GetString(), owner["Password"]);

        // The Api reads the membership table only, as booking_api_reader with its own password.
        var reader = ConnectionString(api);
        Assert.Equal(owner["Host"], reader["Host"]);
        Assert.Equal(owner["Database"], reader["Database"]);
        Assert.Equal("booking_api_reader", reader["Username"]);
        Assert.Equal(Secrets["BOOKING_API_DB_PASSWORD"], reader["Password"]);
        Assert.NotEqual(owner["Password"], reader["Password"]);

        Assert.Equal(silo.GetProperty("Orleans__ClusterId").GetString(), api.GetProperty("Orleans__ClusterId").GetString());
        Assert.Equal(silo.GetProperty("Orleans__ServiceId").GetString(), api.GetProperty("Orleans__ServiceId").GetString());
        Assert.False(api.TryGetProperty("Orleans__Gateways", out _), "A static gateway list would miss scaled silos.");
        Assert.EndsWith(":5080", api.GetProperty("ASPNETCORE_URLS").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApisRoleCanLogInBeforeTheApiStartsAndOnlyAfterTheSilosMadeIt()
    {
        var services = (await ResolvedAsync()).GetProperty("services");
        var step = services.GetProperty("api-db-role");
        var migrations = Directory.GetFiles(Path.Combine(Root, "database", "migrations"), "*.sql");

        // Migration 0011 (run by the silos) creates the role; the step waits for a healthy silo, the Api for the step.
        Assert.Contains(migrations, m => File.ReadAllText(m).Contains("CREATE ROLE booking_api_reader NOLOGIN", StringComparison.Ordinal));
        Assert.Equal("service_healthy", Condition(step, "silo"));
        Assert.Equal("service_completed_successfully", Condition(services.GetProperty("api"), "api-db-role"));

        // The step runs, with psql, the script that ApiDatabaseRoleTests runs against a real database.
        var mount = Assert.Single(step.GetProperty("volumes").EnumerateArray()).GetString()!.Split(':');
        Assert.Equal(Path.Combine(Root, "database", "compose", "api-reader-login.sql"), mount[0]);
        Assert.Equal(new[] { "psql", "-f", mount[1] }, step.GetProperty("command").EnumerateArray().Select(a => a.GetString()!));
        Assert.NotEqual("root", step.GetProperty("user").GetString());
    }

    [Theory]
    [InlineData("Silo/Dockerfile", "Booking.Silo.dll")]
    [InlineData("Api/Dockerfile", "Booking.Api.dll")]
    public void DockerfilesBuildWithTheSdkAndRunOnTheAspNetRuntimeAsANonRootUser(string dockerfile, string dll)
    {
        var stages = Dockerfile.Parse(File.ReadAllText(Path.Combine(Root, dockerfile)));
        var build = Assert.Single(stages, s => s.Name == "build");
        var final = stages[^1];

        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", build.Image);
        Assert.Contains(build.Instructions, i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", final.Image);
        Assert.Contains(final.Instructions, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal));
        Assert.Contains(final.Instructions, i => i.Keyword == "ENTRYPOINT" && i.Arguments.Contains(dll, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, dll)), $"{dll} is not what the project builds.");

        // Every root build file that exists must reach the build stage, or the image is built with other settings than
        // ./run.sh's (Directory.Build.targets: the runtime settings every program starts with).
        foreach (var rootFile in Directory.GetFiles(Root, "Directory.*").Select(Path.GetFileName))
        {
            Assert.Contains(build.Instructions, i => i.Keyword == "COPY" && i.Arguments.Split(' ').Contains(rootFile));
        }

        // The last USER of the final stage is what the container runs as; none means root.
        var user = final.Instructions.LastOrDefault(i => i.Keyword == "USER")?.Arguments;
        Assert.False(user is null or "root" or "0" || user.StartsWith("0:", StringComparison.Ordinal) || user.StartsWith("root:", StringComparison.Ordinal),
            $"{dockerfile}: the image runs as root (USER {user ?? "not set"}).");
    }

    [Fact]
    public void TheApiImageBuildsTheWebAppInANodeStageAndServesItFromBesideTheBinary()
    {
        var stages = Dockerfile.Parse(File.ReadAllText(Path.Combine(Root, "Api", "Dockerfile")));
        var web = Assert.Single(stages, s => s.Image.StartsWith("node:", StringComparison.Ordinal));
        var final = stages[^1];

        // As web/build.sh: the locked dependencies, then the package's build script (which writes dist/).
        Assert.NotNull(web.Name);
        Assert.Contains(web.Instructions, i => i.Keyword == "COPY" && i.Arguments.Contains("web/package-lock.json", StringComparison.Ordinal));
        Assert.Contains(web.Instructions, i => i.Keyword == "RUN" && i.Arguments.StartsWith("npm ci", StringComparison.Ordinal));
        Assert.Contains(web.Instructions, i => i.Keyword == "RUN" && i.Arguments == "npm run build");
        using (var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "web", "package.json"))))
        {
            Assert.True(package.RootElement.GetProperty("scripts").TryGetProperty("build", out _), "web/package.json has no build script.");
        }

        // dist/ of the stage's folder lands in webapp/ beside Booking.Api.dll, where the Api serves it from.
        var copy = Assert.Single(final.Instructions, i => i.Keyword == "COPY" && i.Arguments.StartsWith($"--from={web.Name} ", StringComparison.Ordinal));
        var (source, destination) = (copy.Arguments.Split(' ')[1], copy.Arguments.Split(' ')[2]);
        Assert.Equal($"{web.WorkDir}/dist", source.TrimEnd('/'));
        Assert.Equal($"{final.WorkDir}/{WebAppExtensions.Folder}", Dockerfile.Resolve(final.WorkDir, destination));
        Assert.Contains(final.Instructions, i => i.Keyword == "ENTRYPOINT" && i.Arguments.Contains("\"Booking.Api.dll\"", StringComparison.Ordinal));

        // The build context leaves out the host's node_modules, which would overwrite the stage's own.
        Assert.Contains("**/node_modules/", File.ReadAllLines(Path.Combine(Root, ".dockerignore")));
    }

    private static string Condition(JsonElement service, string dependency) =>
        service.GetProperty("depends_on").GetProperty(dependency).GetProperty("condition").GetString()!;

    private static string HealthCheck(JsonElement service) =>
        string.Join(' ', service.GetProperty("healthcheck").GetProperty("test").EnumerateArray().Select(e => e.GetString()));

    private static Dictionary<string, string> ConnectionString(JsonElement environment) =>
        environment.GetProperty("ConnectionStrings__Booking").GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);

    /// <summary>The configuration as Compose resolves it (docker-compose config), as JSON.</summary>
    private static async Task<JsonElement> ResolvedAsync()
    {
        var (exitCode, text) = await RunAsync("docker-compose -f docker-compose.yml config");
        Assert.True(exitCode == 0, $"docker-compose config failed ({exitCode}):\n{text}");
        return Parse(text);
    }

    /// <summary>YAML as JSON, through PyYAML (which docker-compose ships with); merge keys are resolved, nothing is interpolated.</summary>
    private static JsonElement Parse(string yaml)
    {
        var start = new ProcessStartInfo("python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started.");
        python.StandardInput.Write(yaml);
        python.StandardInput.Close();
        var json = python.StandardOutput.ReadToEnd();
        var errors = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"The YAML did not parse:\n{errors}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>
    /// Runs <paramref name="command"/> in the repository with every secret Compose asks for set except <paramref name="without"/>,
    /// and an empty env file, so that a developer's .env changes nothing.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string? without = null)
    {
        var envFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("bash", ["-o", "pipefail", "-c", command.Replace("docker-compose ", $"docker-compose --env-file {envFile} ", StringComparison.Ordinal)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Root,
            };
            foreach (var (variable, value) in Secrets)
            {
                start.Environment.Remove(variable);
                if (variable != without)
                {
                    start.Environment[variable] = value;
                }
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
        finally
        {
            File.Delete(envFile);
        }
    }

    /// <summary>Settings that hold a secret by their name.</summary>
    [GeneratedRegex("PASSWORD|SECRET|SIGNINGKEY|EXEMPTKEY", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    /// <summary>The password of a connection string (up to the next ';').</summary>
    [GeneratedRegex("Password=([^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    /// <summary>A variable reference that Compose refuses to start without: ${NAME:?message}.</summary>
    [GeneratedRegex(@"^\$\{[A-Z_][A-Z0-9_]*:\?[^}]*\}$")]
    private static partial Regex RequiredVariable();
}

/// <summary>A Dockerfile read into its build stages: each stage's base image, name, working folder and instructions.</summary>
internal static class Dockerfile
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string Image, string? Name, string WorkDir, IReadOnlyList<Instruction> Instructions);

    /// <summary>Stages in order; comments and blank lines dropped, continued lines joined, keywords upper-cased.</summary>
    public static List<Stage> Parse(string text)
    {
        var logical = new List<string>();
        var current = "";
        foreach (var raw in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1].Trim() + " ";
                continue;
            }

            logical.Add((current + line).Trim());
            current = "";
        }

        var stages = new List<Stage>();
        foreach (var line in logical.Where(l => l.Length > 0))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var instruction = new Instruction(parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : "");
            if (instruction.Keyword == "FROM")
            {
                var from = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = from.Length == 3 && from[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? from[2] : null;
                stages.Add(new Stage(from[0], name, "/", []));
                continue;
            }

            Assert.True(stages.Count > 0, $"An instruction before the first FROM: {line}");
            var stage = stages[^1];
            var workDir = instruction.Keyword == "WORKDIR" ? Resolve(stage.WorkDir, instruction.Arguments) : stage.WorkDir;
            stages[^1] = stage with { WorkDir = workDir, Instructions = [.. stage.Instructions, instruction] };
        }

        return stages;
    }

    /// <summary>A path in a stage as Docker resolves it against the working folder; without a trailing slash.</summary>
    public static string Resolve(string workDir, string path)
    {
        var absolute = path.StartsWith('/') ? path : $"{workDir.TrimEnd('/')}/{path}";
        var segments = new List<string>();
        foreach (var segment in absolute.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }
}
