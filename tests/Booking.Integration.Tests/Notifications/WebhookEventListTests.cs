using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;
using System.Text.RegularExpressions;

namespace Booking.Integration.Tests.Notifications;

/// <summary>The admin page's webhook form offers exactly the event types the Api accepts, in the same order.</summary>
public sealed partial class WebhookEventListTests
{
    [Fact]
    public async Task TheAdminPageOffersEveryWebhookEventTheApiAccepts()
    {
        var types = await File.ReadAllTextAsync(Path.Combine(SystemProcesses.RepositoryRoot(), "web", "src", "lib", "types.ts"));

        var list = WebEventList().Match(types);

        Assert.True(list.Success, "web/src/lib/types.ts has no `export const webhookEvents = [...]`");
        Assert.Equal(WebhookEvents.All, Quoted().Matches(list.Groups["items"].Value).Select(m => m.Groups[1].Value));
    }

    [GeneratedRegex(@"export const webhookEvents = \[(?<items>[^\]]*)\]")]
    private static partial Regex WebEventList();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Quoted();
}
