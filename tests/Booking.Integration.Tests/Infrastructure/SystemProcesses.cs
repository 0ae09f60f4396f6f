using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
        ApiPort = FreePort();
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
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

    /// <summary>Starts one silo and the Api and waits until the Api reports ready.</summary>
    public static async Task<SystemProcesses> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? environment = null)
    {
        var system = new SystemProcesses(connectionString, environment ?? new Dictionary<string, string>());
        try
        {
            await system.StartSiloAsync();
            await system.StartApiAsync();
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
        var ports = (SiloPort: FreePort(), GatewayPort: FreePort());
        GatewayPorts.Add(ports.GatewayPort);
        _siloPorts.Add(ports);
        var silo = await StartSiloOnAsync(ports.SiloPort, ports.GatewayPort);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>
    /// SIGKILLs the silo at <paramref name="index"/> (unless it has already exited) and starts a new one on the
    /// same silo and gateway ports, so the Api's static gateway list reaches it; waits for "Silo ready".
    /// </summary>
    public async Task<ManagedProcess> RestartSiloAsync(int index)
    {
        await _silos[index].KillAsync();
        var (siloPort, gatewayPort) = _siloPorts[index];
        var silo = await StartSiloOnAsync(siloPort, gatewayPort);
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

    private async Task<ManagedProcess> StartSiloOnAsync(int siloPort, int gatewayPort)
    {
        var silo = Start("Silo/bin/Release/net10.0/Booking.Silo.dll", new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await silo.WaitForOutputAsync("Silo ready", TimeSpan.FromSeconds(90));
        return silo;
    }

    private async Task StartApiAsync()
    {
        var api = Start("Api/bin/Release/net10.0/Booking.Api.dll", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ApiPort}",
            ["Orleans__Gateways"] = string.Join(',', GatewayPorts.Select(p => $"127.0.0.1:{p}")),
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

    private static string RepositoryRoot()
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
