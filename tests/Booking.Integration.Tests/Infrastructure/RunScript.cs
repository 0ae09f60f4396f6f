using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// ./run.sh itself, as an operator starts it (<c>--silos N --no-build</c>), on free ports, against a test database (so it
/// starts no PostGreSQL of its own) and with its logs in a temporary folder. Disposing it kills run.sh and its children.
/// </summary>
public sealed partial class RunScript : IAsyncDisposable
{
    private readonly string _logs;
    private readonly ProcessStartInfo _start;

    private RunScript(ProcessStartInfo start, int siloPortBase, int apiPort, string logs)
    {
        _start = start;
        Process = new ManagedProcess(System.Diagnostics.Process.Start(start)!);
        SiloPortBase = siloPortBase;
        _logs = logs;
        Http = TestAuth.Authorize(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"),
            Timeout = TimeSpan.FromSeconds(60),
        });
    }

    /// <summary>run.sh; its output is what it prints to the terminal.</summary>
    public ManagedProcess Process { get; }

    /// <summary>The <c>Orleans__ClusterId</c> (and service id) run.sh was started with: a fresh one per start.</summary>
    public string ClusterId => _start.Environment["Orleans__ClusterId"]!;

    /// <summary>Silo i listens on <c>SiloPortBase + i</c>.</summary>
    public int SiloPortBase { get; }

    /// <summary>A client of the Api that carries an admin token.</summary>
    public HttpClient Http { get; }

    /// <summary>The silos' process ids, by index, as run.sh printed them once everything was ready.</summary>
    public IReadOnlyList<int> SiloPids { get; private set; } = [];

    /// <summary>Starts run.sh with <paramref name="silos"/> silos and waits until it says everything is running.</summary>
    public static async Task<RunScript> StartAsync(string connectionString, int silos, IReadOnlyDictionary<string, string> environment)
    {
        var root = SystemProcesses.RepositoryRoot();
        var siloBase = FreePortRange(3 * silos);
        var (gatewayBase, httpBase) = (siloBase + silos, siloBase + (2 * silos));
        var apiPort = Ports.Free();
        var logs = Directory.CreateTempSubdirectory("booking-run-sh-").FullName;
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "run.sh"), "--silos", Invariant(silos), "--port", Invariant(apiPort), "--no-build"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        var cluster = $"runsh-{Guid.NewGuid():N}";
        foreach (var (key, value) in TestAuth.Environment.Concat(environment).Concat(new Dictionary<string, string>
        {
            ["ConnectionStrings__Booking"] = connectionString,
            ["BOOKING_SILO_PORT_BASE"] = Invariant(siloBase),
            ["BOOKING_GATEWAY_PORT_BASE"] = Invariant(gatewayBase),
            ["BOOKING_SILO_HTTP_PORT_BASE"] = Invariant(httpBase),
            ["BOOKING_LOG_DIR"] = logs,
            ["BOOKING_MAIL_CATCHER"] = "0", // no mail catcher: this test is about the silos
            ["Orleans__ClusterId"] = cluster,
            ["Orleans__ServiceId"] = cluster,

            // With all three secrets given, run.sh writes no .data/auth.env into the checkout.
            ["RateLimit__ExemptKey"] = Guid.NewGuid().ToString("N"),
        }))
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        var script = new RunScript(start, siloBase, apiPort, logs);
        try
        {
            await script.Process.WaitForOutputAsync("Press Ctrl-C to stop.", TimeSpan.FromSeconds(180));
            script.SiloPids = [.. SiloPidsLine().Match(script.Process.Output).Groups[1].Value
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            Assert.Equal(silos, script.SiloPids.Count);
        }
        catch
        {
            await script.DisposeAsync();
            throw;
        }

        return script;
    }

    /// <summary>
    /// <c>./run.sh --join</c> in a second terminal, as the Silo README tells an operator: one more silo for the same
    /// cluster and database, on the first free ports above run.sh's bases. Returns once the silo says it is ready.
    /// </summary>
    public async Task<JoinedSilo> JoinAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(_start.WorkingDirectory, "run.sh"), "--join"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _start.WorkingDirectory,
        };
        start.Environment.Clear();
        foreach (var (key, value) in _start.Environment)
        {
            start.Environment[key] = value;
        }

        var silo = new ManagedProcess(System.Diagnostics.Process.Start(start)!);
        try
        {
            await silo.WaitForOutputAsync("Silo ready", TimeSpan.FromSeconds(120));
            var httpPort = int.Parse(JoiningLine().Match(silo.Output).Groups[1].Value, CultureInfo.InvariantCulture);
            return new JoinedSilo(silo, httpPort);
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>What silo <paramref name="index"/> logged (all its incarnations: run.sh appends on a restart).</summary>
    public string SiloLog(int index) => File.ReadAllText(Path.Combine(_logs, $"silo-{index}.log"));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        Directory.Delete(_logs, recursive: true);

        // The pid files a silo added with --join leaves in the checkout (run.sh removes them when it stops that silo;
        // a failed test may not get that far). They are named after the cluster, which is this run's own.
        var joined = Path.Combine(_start.WorkingDirectory, ".data", "run");
        if (Directory.Exists(joined))
        {
            foreach (var file in Directory.EnumerateFiles(joined, $"{ClusterId}-*"))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The first of <paramref name="count"/> consecutive loopback ports that are free now (run.sh numbers silos from a base).</summary>
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Random.Shared.Next(20_000, 32_000);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Silo pids\s+([0-9 ]+)")]
    private static partial Regex SiloPidsLine();

    [GeneratedRegex(@"joining silo \(silo port \d+, gateway port \d+, HTTP port (\d+)\)")]
    private static partial Regex JoiningLine();
}

/// <summary>A silo started by <c>./run.sh --join</c> (run.sh replaces itself with the silo) and its /metrics and /health port.</summary>
public sealed record JoinedSilo(ManagedProcess Process, int HttpPort) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
