using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

/// <summary>
/// A silo refuses to start with a setting out of its range, and says which: whether the value is read before the
/// container exists (ports, the connection pools) or checked when the host starts. Nothing gets as far as the database.
/// </summary>
public sealed class SiloSettingsTests
{
    private const string NoDatabase = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none";

    [Theory]
    [InlineData("Orleans:SiloPort", "0")]
    [InlineData("Orleans:AdvertisedIPAddress", "silo.local")]
    [InlineData("Orleans:DirectoryCacheSize", "0")]
    [InlineData("Silo:HttpPort", "70000")]
    [InlineData("Booking:MaxConnections", "5")]
    [InlineData("Booking:HoldDuration", "00:00:00")]
    [InlineData("Notifications:Smtp:Port", "0")]
    [InlineData("Telemetry:OtlpEndpoint", "not a url")]
    public async Task AnInvalidSettingStopsTheStartNamingIt(string key, string value)
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SiloHost.StartAsync(NoDatabase, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, refused.ToString(), StringComparison.Ordinal);
    }
}
