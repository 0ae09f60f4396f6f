using System.Security.Cryptography;
using Booking.LoadTest;
using Spectre.Console;

if (args.Any(a => a is "--help" or "-h" or "help"))
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}

if (args is ["seed-demo", .. var seedArgs])
{
    return await DemoSeed.RunAsync(seedArgs);
}

if (CommandLine.Parse(args, out var error) is not { } options)
{
    Console.Error.WriteLine($"Booking.LoadTest: {error}");
    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}

if (Console.IsOutputRedirected)
{
    // Piped into a log (bench.sh): wide enough that the side-by-side table does not wrap.
    AnsiConsole.Profile.Width = 200;
}

var runId = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
var ui = new Ui();
var info = RunInfo.Describe(runId, options, args);
ui.Note(options.Scenario == Scenario.Commit
    ? $"run {runId} against the database {new Npgsql.NpgsqlConnectionStringBuilder(options.Database) { Password = null }} ({info.Machine})"
    : $"run {runId} against {options.BaseUrl} ({info.Machine})");

var maxConcurrency = options.Scenario == Scenario.All
    ? Math.Max(options.ConcurrencyFor(Scenario.Hot), options.ConcurrencyFor(Scenario.Spread))
    : options.ConcurrencyFor(options.Scenario);
using var api = new ApiClient(options.BaseUrl, maxConcurrency, Environment.GetEnvironmentVariable(ApiClient.ExemptKeyVariable));
var scenarios = new Scenarios(options, api, runId, ui);

List<ScenarioReport> reports = [];
try
{
    if (options.Scenario != Scenario.Commit)
    {
        if (await api.ConnectAsAdminAsync(CancellationToken.None) is { } refusal)
        {
            ui.Error(refusal);
            return 2;
        }
    }

    async Task RunAsync(Func<Task<ScenarioReport>> scenario)
    {
        var report = await scenario();
        ui.Summary(report);
        reports.Add(report);
    }

    switch (options.Scenario)
    {
        case Scenario.Ceiling:
            await RunAsync(() => scenarios.CeilingAsync("ceiling", options.ConcurrencyFor(Scenario.Ceiling)));
            break;
        case Scenario.Commit:
            await RunAsync(() => new CommitCeiling(options, runId, ui).RunAsync());
            break;
        case Scenario.Hot:
            await RunAsync(scenarios.HotAsync);
            break;
        case Scenario.Spread:
            await RunAsync(scenarios.SpreadAsync);
            break;
        case Scenario.Read:
            await RunAsync(scenarios.ReadAsync);
            break;
        case Scenario.Lifecycle:
            await RunAsync(scenarios.LifecycleAsync);
            break;
        case Scenario.Spike:
            await RunAsync(scenarios.SpikeAsync);
            break;
        case Scenario.All:
            var ceilingConcurrency = options.ConcurrencyFor(Scenario.Ceiling);
            await RunAsync(() => scenarios.CeilingAsync("ceiling", ceilingConcurrency));
            if (options.ConcurrencyFor(Scenario.Hot) != ceilingConcurrency)
            {
                // hot runs at its own concurrency; compare it with the ceiling at that concurrency.
                var hotConcurrency = options.ConcurrencyFor(Scenario.Hot);
                await RunAsync(() => scenarios.CeilingAsync($"ceiling-c{hotConcurrency}", hotConcurrency));
            }

            if (options.Database is not null)
            {
                await RunAsync(() => new CommitCeiling(options, runId, ui).RunAsync());
            }
            else
            {
                ui.Note("commit ceiling skipped: no --db given (the spread ratio is n/a)");
            }

            await RunAsync(scenarios.HotAsync);
            await RunAsync(scenarios.SpreadAsync);
            await RunAsync(scenarios.ReadAsync);
            await RunAsync(scenarios.LifecycleAsync);
            break;
    }
}
catch (Exception e) when (e is SetupException or HttpRequestException or Npgsql.NpgsqlException or TaskCanceledException)
{
    ui.Error($"the run could not go on: {e.Message}");
    if (reports.Count == 0)
    {
        return 2;
    }

    reports.Add(new ScenarioReport
    {
        Scenario = "aborted",
        Description = e.Message,
        Concurrency = 0,
        RequestsPlanned = 0,
        Statistics = RunStatistics.From([], TimeSpan.Zero),
        Checks = [new CheckResult("the run completed", false, e.Message)],
    });
}

IReadOnlyList<Ratio>? ratios = null;
if (reports.Count > 1)
{
    ratios = Comparison.Ratios(reports);
    ui.Comparison(reports, ratios);
}

if (options.OutDirectory is { } outDirectory)
{
    ReportFiles.Write(outDirectory, info, reports, ratios);
    ui.Note($"wrote {Path.GetFullPath(outDirectory)}: result.json, result.md, latency-over-time.png, latency-histogram.png" + (reports.Count > 1 ? " (per scenario in sub-folders), throughput.png" : ""));
}

var failed = reports.SelectMany(r => r.Checks.Where(c => !c.Passed).Select(c => $"{r.Scenario}: {c.Name}: {c.Detail}")).ToList();
if (failed.Count > 0)
{
    AnsiConsole.MarkupLine($"[red]{failed.Count} check(s) failed:[/]");
    foreach (var f in failed)
    {
        AnsiConsole.MarkupLine($"  [red]-[/] {Markup.Escape(f)}");
    }

    return 1;
}

AnsiConsole.MarkupLine("[green]all checks passed[/]");
return 0;
