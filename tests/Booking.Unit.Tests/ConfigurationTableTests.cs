using Booking.Grains.Interfaces;
using System.Reflection;

namespace Booking.Unit.Tests;

/// <summary>
/// Every setting an options class binds is in the configuration table of the README of a process that reads it
/// (Silo/README.md, Api/README.md), written as its environment variable (<c>Section__Key</c>): a new option that
/// nobody documented fails here, and so does a table row whose class no longer has the setting.
/// </summary>
public sealed class ConfigurationTableTests
{
    private static readonly Assembly[] Processes =
    [
        typeof(Booking.Api.Security.RateLimitOptions).Assembly,
        typeof(Booking.Silo.SiloHttpOptions).Assembly,
        typeof(Booking.Grains.BookingOptions).Assembly,
        typeof(ISectionOptions).Assembly,
    ];

    // Not bound from the booking sections, or named by the framework rather than by an options class.
    private static readonly string[] FrameworkKeys =
    [
        "ConnectionStrings__Booking", "Logging__Console__FormatterName", "Logging__LogLevel__",
        "Orleans__Membership__", "Orleans__Reminders__MinimumReminderPeriod",
    ];

    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        // A key both processes read (Orleans__ClusterId, Auth__SigningKey) is one case: xunit would skip a duplicate.
        foreach (var key in BoundKeys().Distinct())
        {
            data.Add(key);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryBoundSettingIsInAConfigurationTable(string key)
    {
        Assert.Contains(key, TableKeys());
    }

    [Fact]
    public void EveryRowOfTheConfigurationTablesNamesASettingThatIsBound()
    {
        var bound = BoundKeys().ToHashSet();
        var unknown = TableKeys().Where(key => !bound.Contains(key) && !FrameworkKeys.Any(key.StartsWith)).ToList();

        Assert.True(unknown.Count == 0, "rows naming no bound setting: " + string.Join(", ", unknown));
        Assert.True(bound.Count > 40, $"only {bound.Count} settings were found: the reflection over the options classes is broken");
    }

    /// <summary>
    /// <c>Section__Property</c> for every settable property of every options class of the processes; a key at the root of
    /// the configuration (the Api's <c>urls</c>) is set through ASP.NET Core's own prefix, <c>ASPNETCORE_URLS</c>.
    /// </summary>
    private static IEnumerable<string> BoundKeys() =>
        from type in Processes.SelectMany(a => a.GetTypes()).Distinct()
        where type is { IsClass: true, IsAbstract: false } && typeof(ISectionOptions).IsAssignableFrom(type)
        let section = (string)type.GetProperty(nameof(ISectionOptions.SectionName), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.SetMethod is { IsPublic: true }
        orderby section, property.Name
        select section.Length == 0 ? "ASPNETCORE_" + property.Name.ToUpperInvariant() : section.Replace(":", "__") + "__" + property.Name;

    /// <summary>Every <c>`Key`</c> in the first column of the configuration tables.</summary>
    private static HashSet<string> TableKeys()
    {
        var root = ArchitectureTests.RepositoryRoot();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var readme in new[] { "Silo/README.md", "Api/README.md" })
        {
            var lines = File.ReadAllLines(Path.Combine(root, readme));
            var table = lines.SkipWhile(l => !l.StartsWith("## Configuration", StringComparison.Ordinal)).Where(l => l.StartsWith("| `", StringComparison.Ordinal));
            foreach (var line in table)
            {
                var firstColumn = line.Split('|')[1];
                foreach (var part in firstColumn.Split('`').Where((_, i) => i % 2 == 1))
                {
                    keys.Add(part.Split(' ')[0]);
                }
            }
        }

        return keys;
    }
}
