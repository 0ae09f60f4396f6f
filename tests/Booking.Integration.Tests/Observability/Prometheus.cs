using System.Globalization;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Observability;

/// <summary>Reads a Prometheus text exposition (what /metrics answers).</summary>
public static partial class Prometheus
{
    /// <summary>Fetches <paramref name="url"/> and checks it is a Prometheus text exposition.</summary>
    public static async Task<string> ScrapeAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public static double Sum(string exposition, string metric, params (string Name, string Value)[] labels) =>
        Samples(exposition, metric)
            .Where(s => labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            .Sum(s => s.Value);

    /// <summary>Every sample of <paramref name="metric"/> (exact name) with its labels.</summary>
    public static IEnumerable<(IReadOnlyDictionary<string, string> Labels, double Value)> Samples(string exposition, string metric)
    {
        foreach (var line in exposition.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success || match.Groups["name"].Value != metric)
            {
                continue;
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            yield return (labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?\s*$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
