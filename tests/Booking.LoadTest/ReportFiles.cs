using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ScottPlot;

namespace Booking.LoadTest;

/// <summary>Where and on what the run happened, for the files.</summary>
public sealed record RunInfo(string RunId, string Url, DateTimeOffset StartedAt, string Machine, string Command)
{
    public static RunInfo Describe(string runId, LoadOptions options, IEnumerable<string> args) => new(
        runId,
        options.BaseUrl.ToString(),
        DateTimeOffset.UtcNow,
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}",
        "dotnet run -c Release --project tests/Booking.LoadTest -- " + string.Join(' ', args.Select(Quote).Select(RedactPassword)));

    private static string Quote(string arg) =>
        arg.Contains(' ', StringComparison.Ordinal) || arg.Contains(';', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;

    /// <summary>A connection string's password is never written to the results.</summary>
    public static string RedactPassword(string arg) =>
        System.Text.RegularExpressions.Regex.Replace(arg, @"(?i)(password|pwd)\s*=\s*[^;""]*", "$1=***");
}

/// <summary>result.json, result.md and the two charts.</summary>
public static class ReportFiles
{
    private static readonly CultureInfo _inv = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions _json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the files of one scenario, or of a comparison (then each scenario into its own sub-folder too).</summary>
    public static void Write(string directory, RunInfo info, IReadOnlyList<ScenarioReport> reports, IReadOnlyList<Ratio>? ratios)
    {
        Directory.CreateDirectory(directory);
        var passed = reports.All(r => r.Passed);
        File.WriteAllText(Path.Combine(directory, "result.json"), JsonSerializer.Serialize(new { info, passed, ratios, scenarios = reports }, _json));
        File.WriteAllText(Path.Combine(directory, "result.md"), Markdown(info, reports, ratios));
        if (reports.Count == 1)
        {
            Charts(directory, reports[0]);
            return;
        }

        foreach (var report in reports)
        {
            var sub = Path.Combine(directory, report.Scenario);
            Directory.CreateDirectory(sub);
            File.WriteAllText(Path.Combine(sub, "result.json"), JsonSerializer.Serialize(new { info, passed = report.Passed, scenarios = new[] { report } }, _json));
            File.WriteAllText(Path.Combine(sub, "result.md"), Markdown(info, [report], null));
            Charts(sub, report);
        }

        CombinedChart(directory, reports);
    }

    /// <summary>A Markdown table of the scenarios (and the ratios, when given), then every check.</summary>
    public static string Markdown(RunInfo info, IReadOnlyList<ScenarioReport> reports, IReadOnlyList<Ratio>? ratios)
    {
        var md = new StringBuilder();
        md.AppendLine(_inv, $"# Load test {info.RunId}");
        md.AppendLine();
        md.AppendLine(_inv, $"- system: {info.Url}");
        md.AppendLine(_inv, $"- started: {info.StartedAt:yyyy-MM-dd HH:mm:ss} UTC");
        md.AppendLine(_inv, $"- machine: {info.Machine}");
        md.AppendLine(_inv, $"- command: `{info.Command}`");
        md.AppendLine();
        md.AppendLine("| scenario | concurrency | requests | req/s | bookings/s | p50 ms | p90 ms | p99 ms | max ms | statuses | errors (5xx / no answer) | checks |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|");
        foreach (var r in reports)
        {
            var s = r.Statistics;
            md.AppendLine(_inv, $"| {r.Scenario} | {r.Concurrency} | {s.Requests} | {s.RequestsPerSecond:0} | {(r.SuccessesPerSecond is { } b ? b.ToString("0", _inv) : "")} | {s.Latency.P50:0.00} | {s.Latency.P90:0.00} | {s.Latency.P99:0.00} | {s.Latency.Max:0.00} | {string.Join(", ", s.Statuses.Select(kv => $"{kv.Key}: {kv.Value}"))} | {s.ServerErrors} / {s.TransportErrors} | {(r.Passed ? "pass" : "**FAIL**")} |");
        }

        if (ratios is not null)
        {
            md.AppendLine();
            md.AppendLine("| ratio | of | value | target | met |");
            md.AppendLine("|---|---|---:|---:|---|");
            foreach (var ratio in ratios)
            {
                md.AppendLine(_inv, $"| {ratio.Name} | {ratio.Numerator} / {ratio.Denominator} | {(ratio.Value is { } v ? $"{v * 100:0}%" : "n/a")} | >= {ratio.Target * 100:0}% | {ratio.Met switch { true => "yes", false => "**no**", null => "n/a" }} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Checks");
        foreach (var r in reports)
        {
            md.AppendLine();
            md.AppendLine(_inv, $"**{r.Scenario}** ({r.Description})");
            md.AppendLine();
            foreach (var c in r.Checks)
            {
                md.AppendLine(_inv, $"- {(c.Passed ? "pass" : "**FAIL**")}: {c.Name} ({c.Detail})");
            }

            foreach (var note in r.Notes)
            {
                md.AppendLine(_inv, $"- note: {note}");
            }
        }

        return md.ToString();
    }

    private static void Charts(string directory, ScenarioReport report)
    {
        var samples = report.Samples;
        var elapsed = report.Statistics.ElapsedSeconds;

        var overTime = new Plot();
        if (samples.Count > 0)
        {
            var step = Math.Max(1, samples.Count / 20000); // at most ~20k dots
            var shown = samples.Where((_, i) => i % step == 0).ToList();
            var dots = overTime.Add.ScatterPoints(shown.Select(s => s.StartSeconds).ToArray(), shown.Select(s => s.LatencyMicros / 1000.0).ToArray());
            dots.MarkerSize = 3;
            dots.Color = Colors.SteelBlue.WithAlpha(0.5);
            dots.LegendText = step == 1 ? "each request" : $"every {step}th request";

            var buckets = ChartData.OverTime(samples, ChartData.BucketSeconds(elapsed));
            var width = ChartData.BucketSeconds(elapsed);
            var p50 = overTime.Add.ScatterLine(buckets.Select(b => b.StartSeconds + width / 2).ToArray(), buckets.Select(b => b.P50Ms).ToArray());
            p50.LegendText = "p50";
            p50.LineWidth = 2;
            p50.Color = Colors.Green;
            var p99 = overTime.Add.ScatterLine(buckets.Select(b => b.StartSeconds + width / 2).ToArray(), buckets.Select(b => b.P99Ms).ToArray());
            p99.LegendText = "p99";
            p99.LineWidth = 2;
            p99.Color = Colors.Red;
            overTime.ShowLegend(Alignment.UpperRight);
        }

        overTime.Title($"{report.Scenario}: latency over time ({report.Statistics.RequestsPerSecond.ToString("0", _inv)} req/s, concurrency {report.Concurrency})");
        overTime.XLabel("seconds since the measured phase began (request start)");
        overTime.YLabel("latency (ms)");
        if (samples.Count > 0)
        {
            overTime.Axes.SetLimitsX(0, samples.Max(x => x.StartSeconds + x.LatencyMicros / 1e6) * 1.02);
            overTime.Axes.SetLimitsY(0, samples.Max(x => x.LatencyMicros) / 1000.0 * 1.05);
        }

        overTime.SavePng(Path.Combine(directory, "latency-over-time.png"), 1200, 600);

        var histogram = new Plot();
        var (starts, counts, binWidth) = ChartData.Histogram(samples, 60);
        if (starts.Length > 0)
        {
            var bars = histogram.Add.Bars(starts.Select(x => x + binWidth / 2).ToArray(), counts);
            foreach (var bar in bars.Bars)
            {
                bar.Size = binWidth * 0.95;
                bar.FillColor = Colors.SteelBlue;
                bar.LineWidth = 0;
            }

            var l = report.Statistics.Latency;
            foreach (var (label, value, color) in new[] { ("p50", l.P50, Colors.Green), ("p90", l.P90, Colors.Orange), ("p99", l.P99, Colors.Red) })
            {
                var line = histogram.Add.VerticalLine(value);
                line.Color = color;
                line.LineWidth = 2;
                line.LinePattern = LinePattern.Dashed;
                line.LegendText = $"{label} {value.ToString("0.0", _inv)} ms";
            }

            histogram.ShowLegend(Alignment.UpperRight);
            histogram.Axes.SetLimitsX(0, starts[^1] + binWidth * 1.5);
            histogram.Axes.SetLimitsY(0, counts.Max() * 1.08);
        }

        histogram.Title($"{report.Scenario}: latency histogram ({report.Statistics.Requests.ToString(_inv)} requests; last bin includes everything above p99.9)");
        histogram.XLabel("latency (ms)");
        histogram.YLabel("requests");
        histogram.SavePng(Path.Combine(directory, "latency-histogram.png"), 1200, 600);
    }

    /// <summary>For a comparison: throughput of each scenario as bars (the ceilings included), as latency-histogram.png of the folder.</summary>
    private static void CombinedChart(string directory, IReadOnlyList<ScenarioReport> reports)
    {
        var plot = new Plot();
        var positions = Enumerable.Range(0, reports.Count).Select(i => (double)i).ToArray();
        var values = reports.Select(r => r.SuccessesPerSecond ?? r.Statistics.RequestsPerSecond).ToArray();
        var bars = plot.Add.Bars(positions, values);
        foreach (var (bar, r) in bars.Bars.Zip(reports))
        {
            bar.FillColor = r.Scenario.StartsWith("ceiling", StringComparison.Ordinal) || r.Scenario == "commit" ? Colors.Gray : Colors.SteelBlue;
            bar.Label = values[(int)bar.Position].ToString("0", _inv);
        }

        bars.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(positions, reports.Select(r => $"{r.Scenario}\nc={r.Concurrency}").ToArray());
        plot.Title("throughput: bookings/s for spread, lifecycle and commit, else req/s; grey = ceilings");
        plot.YLabel("per second");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(Path.Combine(directory, "throughput.png"), 1200, 600);
    }
}
