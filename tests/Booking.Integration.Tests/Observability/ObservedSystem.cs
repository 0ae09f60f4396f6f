using Booking.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
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
    private TestSystem? _system;

    /// <summary>The silo's log entries (each process has its own capture: scopes belong to a logger factory).</summary>
    public LogCapture SiloLogs { get; } = new();

    public LogCapture ApiLogs { get; } = new();

    public IEnumerable<CapturedLog> AllLogs => SiloLogs.Entries.Concat(ApiLogs.Entries);

    public IReadOnlyCollection<Activity> Spans => _spans;

    private TestSystem System => _system ?? throw new InvalidOperationException("The system has not started.");

    public TestDatabase Database => System.Database;

    public SiloHost Silo => System.Silo;

    /// <summary>A client of the Api.</summary>
    public HttpClient Http => System.Http;

    /// <summary>
    /// The client for admin calls (doctors, slots, the appointment list): the one place where an admin
    /// token goes once the Api requires one.
    /// </summary>
    public HttpClient AdminHttp => Http;

    /// <summary>A client for the silo's own HTTP endpoint (/metrics, /health/*).</summary>
    public HttpClient SiloHttp => System.SiloHttp;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            // Like the processes' own parent-based sampler, except that every trace started here is recorded: a caller's
            // "not sampled" is respected, and (as OpenTelemetry does) no span is made under an unsampled parent in the same
            // process, so this listener cannot carry a trace that the processes' own set-up would drop.
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Parent == default || o.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? ActivitySamplingResult.AllDataAndRecorded
                : o.Parent.IsRemote ? ActivitySamplingResult.PropagationData
                : ActivitySamplingResult.None,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);

        _system = await TestSystem.Create()
            .WithHold(TimeSpan.FromHours(1))
            .WithSettings(LogLevels)
            .ConfigureSilo(builder => builder.Logging.AddProvider(SiloLogs))
            .ConfigureApi(web =>
            {
                foreach (var (key, value) in LogLevels)
                {
                    web.UseSetting(key, value);
                }

                web.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(ApiLogs));
            })
            .StartAsync();
    }

    public async Task DisposeAsync()
    {
        _listener?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}
