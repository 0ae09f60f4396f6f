using System.Text.Json.Nodes;

namespace Booking.Unit.Tests;

/// <summary>
/// The programs reach full speed soon after they start: Directory.Build.targets turns off the call-counting delay for
/// every program, and this catches the setting going missing from what the runtime reads (the built runtimeconfig.json).
/// </summary>
public sealed class WarmUpSettingsTests
{
    [Theory]
    [InlineData("Booking.Silo")]
    [InlineData("Booking.Api")]
    public void AProgramCountsCallsForOptimisationFromItsStart(string program)
    {
        var file = Path.Combine(AppContext.BaseDirectory, program + ".runtimeconfig.json");
        var settings = JsonNode.Parse(File.ReadAllText(file))!["runtimeOptions"]!["configProperties"]!;

        Assert.Equal(0, settings["System.Runtime.TieredCompilation.CallCountingDelayMs"]!.GetValue<int>());
        Assert.True(settings["System.GC.Server"]!.GetValue<bool>());
    }
}
