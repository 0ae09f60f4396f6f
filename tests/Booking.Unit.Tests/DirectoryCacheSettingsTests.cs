using Booking.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Booking.Unit.Tests;

/// <summary>
/// The silo caps Orleans' grain directory cache (Orleans walks the whole cache to count it on every metrics
/// collection): the booking default unless <c>Orleans__DirectoryCacheSize</c> says otherwise. The host is built as the
/// Silo process builds it, not started, so nothing needs a database.
/// </summary>
public sealed class DirectoryCacheSettingsTests
{
    [Fact]
    public void TheSiloCapsTheDirectoryCacheByDefault()
    {
        Assert.Equal(new SiloHostOptions().DirectoryCacheSize, CacheSize(new Dictionary<string, string?>()));
        Assert.True(new SiloHostOptions().DirectoryCacheSize < new GrainDirectoryOptions().CacheSize);
    }

    [Fact]
    public void TheSettingOverridesTheCap()
    {
        Assert.Equal(1234, CacheSize(new Dictionary<string, string?> { ["Orleans:DirectoryCacheSize"] = "1234" }));
    }

    private static int CacheSize(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Booking"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.AddBookingClustering(builder.Configuration).AddBookingServices(builder.Configuration));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize;
    }
}
