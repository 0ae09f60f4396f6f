using System.Globalization;
using Spectre.Console;

namespace Booking.LoadTest;

/// <summary>The console: live progress bars, notes and the summary tables (Spectre.Console).</summary>
public sealed class Ui
{
    private static readonly CultureInfo _inv = CultureInfo.InvariantCulture;

    public void Note(string text) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]");

    public void Error(string text) => AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(text)}");

    /// <summary>Runs <paramref name="work"/> under a progress bar of <paramref name="total"/> operations, refreshed from the recorder it reports.</summary>
    public async Task<T> ProgressAsync<T>(string title, int total, Func<Action<Recorder>, Task<T>> work)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
                result = await work(recorder => task.Value = recorder.Completed);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>The summary of one scenario: figures, statuses and checks.</summary>
    public void Summary(ScenarioReport report)
    {
        var s = report.Statistics;
        var figures = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(report.Scenario)}[/]: {Markup.Escape(report.Description)}")
            .AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        figures.AddRow("requests (operations planned)", $"{s.Requests.ToString(_inv)} ({report.RequestsPlanned.ToString(_inv)})");
        figures.AddRow("concurrency", report.Concurrency.ToString(_inv));
        figures.AddRow("elapsed", $"{s.ElapsedSeconds.ToString("0.00", _inv)} s");
        figures.AddRow("throughput", $"{s.RequestsPerSecond.ToString("0", _inv)} req/s");
        if (report.SuccessLabel is not null && report.SuccessesPerSecond is { } rate)
        {
            figures.AddRow(Markup.Escape(report.SuccessLabel), rate.ToString("0", _inv));
        }

        figures.AddRow("latency p50 / p90 / p99 / max", $"{Ms(s.Latency.P50)} / {Ms(s.Latency.P90)} / {Ms(s.Latency.P99)} / {Ms(s.Latency.Max)} ms");
        figures.AddRow("statuses", Markup.Escape(string.Join(", ", s.Statuses.Select(kv => $"{kv.Key}: {kv.Value.ToString(_inv)}"))));
        figures.AddRow("errors (5xx / no answer)", $"{s.ServerErrors.ToString(_inv)} / {s.TransportErrors.ToString(_inv)}");
        foreach (var (kind, n) in s.ErrorKinds)
        {
            figures.AddRow($"  {Markup.Escape(kind)}", n.ToString(_inv));
        }

        AnsiConsole.Write(figures);
        Checks(report);
    }

    /// <summary>The checks, each with what was found.</summary>
    public void Checks(ScenarioReport report)
    {
        foreach (var check in report.Checks)
        {
            AnsiConsole.MarkupLine(check.Passed
                ? $"  [green]PASS[/] {Markup.Escape(check.Name)} [grey]({Markup.Escape(check.Detail)})[/]"
                : $"  [red]FAIL[/] {Markup.Escape(check.Name)}: {Markup.Escape(check.Detail)}");
        }

        foreach (var note in report.Notes)
        {
            AnsiConsole.MarkupLine($"  [grey]note: {Markup.Escape(note)}[/]");
        }
    }

    /// <summary>Every scenario side by side, then the ratios.</summary>
    public void Comparison(IReadOnlyList<ScenarioReport> reports, IReadOnlyList<Ratio> ratios)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]side by side[/]")
            .AddColumn("scenario").AddColumn(new TableColumn("conc.").RightAligned()).AddColumn(new TableColumn("requests").RightAligned())
            .AddColumn(new TableColumn("req/s").RightAligned()).AddColumn(new TableColumn("bookings/s").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p90 ms").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned()).AddColumn(new TableColumn("max ms").RightAligned())
            .AddColumn("statuses").AddColumn("checks");
        foreach (var r in reports)
        {
            var s = r.Statistics;
            table.AddRow(
                Markup.Escape(r.Scenario), r.Concurrency.ToString(_inv), s.Requests.ToString(_inv), s.RequestsPerSecond.ToString("0", _inv),
                r.SuccessesPerSecond?.ToString("0", _inv) ?? "",
                Ms(s.Latency.P50), Ms(s.Latency.P90), Ms(s.Latency.P99), Ms(s.Latency.Max),
                Markup.Escape(string.Join(", ", s.Statuses.Select(kv => $"{kv.Key}: {kv.Value.ToString(_inv)}"))),
                r.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }

        AnsiConsole.Write(table);
        var ratioTable = new Table().Border(TableBorder.Rounded).Title("[bold]ratios[/]")
            .AddColumn("ratio").AddColumn("of").AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("target").RightAligned()).AddColumn("met");
        foreach (var ratio in ratios)
        {
            ratioTable.AddRow(
                Markup.Escape(ratio.Name),
                Markup.Escape($"{ratio.Numerator} / {ratio.Denominator}"),
                ratio.Value is { } v ? $"{(v * 100).ToString("0", _inv)}%" : "n/a",
                $">= {(ratio.Target * 100).ToString("0", _inv)}%",
                ratio.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => "[grey]n/a[/]" });
        }

        AnsiConsole.Write(ratioTable);
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", _inv);
}
