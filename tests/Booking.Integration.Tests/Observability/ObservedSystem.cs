using Booking.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Booking.Integration.Tests.Observability;

/// <summary>
/// A silo and the Api on a fresh database (holds last an hour), with every log entry of both processes
/// captured (<see cref="SiloLogs"/>, <see cref="ApiLogs"/>) and every span started in the test process recorded with its tags
/// (<see cref="Spans"/>). Log levels are the shipped ones (Microsoft.AspNetCore at Warning), except that
/// Booking logs at Debug and Orleans at Information, so more is seen than in production, not less.
/// </summary>
public sealed class ObservedSystem : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LogLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Booking"] = "Debug",
        ["Logging:LogLevel:Orleans"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    private readonly ConcurrentQueue<Activity> _spans = new();
    private ActivityListener? _listener;
    private WebApplicationFactory<Program>? _api;

    /// <summary>The silo's log entries (each process has its own capture: scopes belong to a logger factory).</summary>
    public LogCapture SiloLogs { get; } = new();

    public LogCapture ApiLogs { get; } = new();

    public IEnumerable<CapturedLog> AllLogs => SiloLogs.Entries.Concat(ApiLogs.Entries);

    public IReadOnlyCollection<Activity> Spans => _spans;

    public TestDatabase Database { get; private set; } = null!;

    public SiloHost Silo { get; private set; } = null!;

    /// <summary>A client of the Api.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>
    /// The client for admin calls (doctors, slots, the appointment list): the one place where an admin
    /// token goes once the Api requires one.
    /// </summary>
    public HttpClient AdminHttp => Http;

    /// <summary>A client for the silo's own HTTP endpoint (/metrics, /health/*).</summary>
    public HttpClient SiloHttp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            // Like the processes' own parent-based sampler: a caller's "not sampled" is respected, everything else recorded.
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Parent != default && !o.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
                    ? ActivitySamplingResult.PropagationData
                    : ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);

        Database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>(LogLevels) { ["Booking:HoldDuration"] = TimeSpan.FromHours(1).ToString() };
        Silo = await SiloHost.StartAsync(Database.ConnectionString, settings, builder => builder.Logging.AddProvider(SiloLogs));
        SiloHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Silo.HttpPort}") };
        _api = new ApiFactory(Silo).WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in LogLevels)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(ApiLogs));
        });
        Http = TestAuth.Authorize(ContractChecked.Client(_api));
    }

    public async Task DisposeAsync()
    {
        _listener?.Dispose();
        Http?.Dispose();
        SiloHttp?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
