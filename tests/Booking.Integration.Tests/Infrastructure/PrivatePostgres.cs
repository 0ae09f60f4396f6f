using System.Diagnostics;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own (database/local-postgres.sh: pg_start, pg_stop) on a free port with its data
/// under the test output, for a test that stops and starts the server: the shared test server must stay up.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _script;

    private PrivatePostgres(string script, string dataDirectory, int port)
    {
        _script = script;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The "booking" database that pg_start creates.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=booking;Username=booking;Password=booking;Timeout=3";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var root = SystemProcesses.RepositoryRoot();
        var port = Ports.Free();
        var data = Path.Combine(AppContext.BaseDirectory, "private-pg", Guid.NewGuid().ToString("N")[..8]);
        var server = new PrivatePostgres(Path.Combine(root, "database", "local-postgres.sh"), data, port);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>pg_start: (re)starts the server on its port and data directory.</summary>
    public Task StartAgainAsync() =>
        RunAsync($"pg_start \"$DATA\" \"$PORT\" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");

    /// <summary>pg_stop: a fast shutdown; open connections are cut.</summary>
    public Task StopAsync() => RunAsync("pg_stop \"$DATA\"");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
                File.Delete(DataDirectory + ".log");
            }
            catch (IOException)
            {
                // Left under the test output; the next build's clean removes it.
            }
        }
    }

    private async Task RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"set -e; source \"$SCRIPT\"; {command}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SCRIPT"] = _script;
        start.Environment["DATA"] = DataDirectory;
        start.Environment["PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
    }
}
