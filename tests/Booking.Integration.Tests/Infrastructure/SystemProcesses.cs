using System.Diagnostics;
using System.Net;
using System.Text;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// The system as ./run.sh runs it: the built Silo and Api started as separate processes
/// (dotnet Booking.Silo.dll, dotnet Booking.Api.dll) on free loopback ports, against a test database.
/// </summary>
public sealed class SystemProcesses : IAsyncDisposable
{
    private readonly List<ManagedProcess> _processes = [];
    private readonly List<ManagedProcess> _silos = [];
    private readonly List<(int SiloPort, int GatewayPort)> _siloPorts = [];

    private SystemProcesses(string connectionString, IReadOnlyDictionary<string, string> environment)
    {
        ConnectionString = connectionString;
        Environment = environment;
        ApiPort = Ports.Free();
        Http = ContractChecked.Client(new Uri($"http://127.0.0.1:{ApiPort}"), new SocketsHttpHandler { MaxConnectionsPerServer = 512 }, TimeSpan.FromSeconds(60));
        TestAuth.Authorize(Http);
        Admin = new AdminApi(Http);
    }

    public string ConnectionString { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public int ApiPort { get; }

    /// <summary>A client of the Api that carries an admin token.</summary>
    public HttpClient Http { get; }

    /// <summary>Doctor and slot creation through <see cref="Http"/>.</summary>
    public AdminApi Admin { get; }

    public string ClusterId { get; } = $"proc-{Guid.NewGuid():N}";

    public List<int> GatewayPorts { get; } = [];

    /// <summary>The silos started, by index in start order; a restarted silo replaces its predecessor at the same index.</summary>
    public IReadOnlyList<ManagedProcess> Silos => _silos;

    /// <summary>The Api process, once started.</summary>
    public ManagedProcess? Api { get; private set; }

    /// <summary>
    /// Starts <paramref name="silos"/> silos and the Api and waits until the Api reports ready. <paramref name="apiEnvironment"/>
    /// is given to the Api only, on top of <paramref name="environment"/> (e.g. a connection string of its own).
    /// </summary>
    public static async Task<SystemProcesses> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string>? environment = null, int silos = 1, IReadOnlyDictionary<string, string>? apiEnvironment = null)
    {
        var system = new SystemProcesses(connectionString, environment ?? new Dictionary<string, string>());
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await system.StartSiloAsync();
            }

            await system.StartApiAsync(apiEnvironment ?? new Dictionary<string, string>());
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }

        return system;
    }

    public async Task<ManagedProcess> StartSiloAsync()
    {
        var ports = (SiloPort: Ports.Free(), GatewayPort: Ports.Free());
        GatewayPorts.Add(ports.GatewayPort);
        _siloPorts.Add(ports);
        var silo = await StartSiloOnAsync(ports.SiloPort, ports.GatewayPort);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>
    /// Stops the silo at <paramref name="index"/> (SIGKILL, or SIGTERM and a graceful drain when <paramref name="graceful"/>)
    /// unless it has already exited, and starts a new one on the same silo and gateway ports; waits for "Silo ready".
    /// </summary>
    public async Task<ManagedProcess> RestartSiloAsync(int index, bool graceful = false)
    {
        if (graceful)
        {
            await _silos[index].TerminateAsync(TimeSpan.FromSeconds(60));
        }
        else
        {
            await _silos[index].KillAsync();
        }

        var (siloPort, gatewayPort) = _siloPorts[index];
        var silo = await StartSiloOnAsync(siloPort, gatewayPort);
        _silos[index] = silo;
        return silo;
    }

    /// <summary>
    /// SIGKILLs the silo at <paramref name="index"/> and starts a new one on fresh ports in its place: the cluster must
    /// declare the old one dead by probing, and the Api must find the new gateway in the membership table.
    /// </summary>
    public async Task<ManagedProcess> ReplaceSiloAsync(int index)
    {
        await _silos[index].KillAsync();
        var ports = (SiloPort: Ports.Free(), GatewayPort: Ports.Free());
        GatewayPorts.Add(ports.GatewayPort);
        _siloPorts[index] = ports;
        var silo = await StartSiloOnAsync(ports.SiloPort, ports.GatewayPort);
        _silos[index] = silo;
        return silo;
    }

    /// <summary>Waits until the Api answers /health/ready with 200 (a grain call reaches the cluster and the database).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var ready = await Http.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or the cluster call inside did not finish in time.
            }

            if (DateTime.UtcNow > deadline || Api?.HasExited == true)
            {
                throw new InvalidOperationException($"The Api did not become ready within {timeout}:\n{Api?.Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// How many silo starts the cluster voted dead while they were joining (the silo then stops itself, as Orleans
    /// does when probes time out on an overloaded machine); each was started again, at most twice per start.
    /// </summary>
    public int RefusedJoins { get; private set; }

    private async Task<ManagedProcess> StartSiloOnAsync(int siloPort, int gatewayPort)
    {
        for (var attempt = 1; ; attempt++)
        {
            var silo = Start("Silo/bin/Release/net10.0/Booking.Silo.dll", new Dictionary<string, string>
            {
                ["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Silo__HttpPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            try
            {
                await silo.WaitForOutputAsync("Silo ready", TimeSpan.FromSeconds(90));
                return silo;
            }
            catch (InvalidOperationException) when (attempt < 3 && silo.Output.Contains("I have been told I am dead", StringComparison.Ordinal))
            {
                RefusedJoins++;
                await silo.KillAsync();
            }
        }
    }

    private async Task StartApiAsync(IReadOnlyDictionary<string, string> apiEnvironment)
    {
        var api = Start("Api/bin/Release/net10.0/Booking.Api.dll", new Dictionary<string, string>(apiEnvironment)
        {
            // No Orleans__Gateways: the Api finds the silos' gateways in the membership table, as ./run.sh runs it.
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ApiPort}",
        });
        Api = api;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var ready = await Http.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline || api.HasExited)
            {
                throw new InvalidOperationException($"The Api did not become ready:\n{api.Output}");
            }

            await Task.Delay(250);
        }
    }

    private ManagedProcess Start(string relativeDll, IDictionary<string, string> extra)
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, relativeDll);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in Release first (./test.sh does).");
        }

        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConnectionStrings__Booking"] = ConnectionString;
        start.Environment["Orleans__ClusterId"] = ClusterId;
        start.Environment["Orleans__ServiceId"] = ClusterId;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Booking"] = "Information";
        foreach (var (key, value) in TestAuth.Environment.Concat(Environment).Concat(extra))
        {
            start.Environment[key] = value;
        }

        var process = new ManagedProcess(Process.Start(start)!);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Booking.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Booking.sln not found above " + AppContext.BaseDirectory);
    }

}

/// <summary>A child process whose output is kept for diagnostics; killed (with its children) on dispose.</summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    public ManagedProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException($"'{text}' did not appear in time:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM to <paramref name="pid"/>, as a service manager or Ctrl-C's caller sends it; does not wait for the exit.</summary>
    public static async Task SendTermAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
    }

    /// <summary>
    /// SIGTERM, as a service manager stops a process, then waits for it to exit by itself; throws (after a SIGKILL)
    /// when it has not exited within <paramref name="timeout"/>. Returns its exit code.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            await SendTermAsync(_process.Id);
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
                throw new InvalidOperationException($"The process did not stop within {timeout} of SIGTERM:\n{Output}");
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
