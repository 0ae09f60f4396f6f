using Booking.Api.Infrastructure;
using Booking.Api.Security;
using Booking.Grains;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Booking.Unit.Tests;

/// <summary>The one way every process binds and validates its options: the class's section, its rules, the key in every failure.</summary>
public sealed class ValidatedOptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void GetValidatedBindsTheClassSectionAndKeepsTheDefaultsOfWhatIsNotSet()
    {
        var options = Settings(("WorkingHours:HorizonDays", "30"), ("HorizonDays", "99"), ("Other:RollPeriod", "02:00:00")).GetValidated<WorkingHoursOptions>();

        Assert.Equal(30, options.HorizonDays);
        Assert.Equal(TimeSpan.FromDays(1), options.RollPeriod);
    }

    [Theory]
    [InlineData("WorkingHours:HorizonDays", "0")]
    [InlineData("Telemetry:TraceSampleRatio", "1.5")]
    [InlineData("Telemetry:OtlpEndpoint", "not a url")]
    [InlineData("Limits:MaxJsonDepth", "100")]
    [InlineData("Orleans:ResponseTimeout", "00:00:00")]
    [InlineData("Orleans:Gateways", "127.0.0.1")]
    [InlineData("Cors:AllowedOrigins", "booking.example")]
    public void AValueOutOfItsRangeIsRefusedWithAMessageNamingItsKey(string key, string value)
    {
        var configuration = Settings((key, value));

        var refused = Assert.Throws<OptionsValidationException>(() => GetValidated(key.Split(':')[0], configuration));

        Assert.Contains(key, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageThatAlreadyNamesItsKeyIsNotPrefixedWithItAgain()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Settings(("ForwardedHeaders:KnownProxies", "x")).GetValidated<TrustedProxyOptions>());

        Assert.Equal("ForwardedHeaders:KnownProxies: 'x' is not an IP address.", refused.Message);
    }

    [Fact]
    public void RegisteredOptionsAreInjectedBoundAndRefusedWhenInvalid()
    {
        using var valid = Services(Settings(("RateLimit:BookingPermits", "7")));
        using var invalid = Services(Settings(("RateLimit:Window", "00:00:00")));

        Assert.Equal(7, valid.GetRequiredService<IOptions<RateLimitOptions>>().Value.BookingPermits);
        var refused = Assert.Throws<OptionsValidationException>(() => invalid.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        Assert.Contains("RateLimit:Window", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteredOptionsAreCheckedWhenTheHostStarts()
    {
        using var invalid = Services(Settings(("RateLimit:SignInPermits", "0")));

        // What the host runs before it starts anything: the options registered to be validated at start.
        var refused = Assert.Throws<OptionsValidationException>(() => invalid.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("RateLimit:SignInPermits", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ListenUrlOptions.DefaultUrls)]
    [InlineData("", ListenUrlOptions.DefaultUrls)]
    [InlineData("http://127.0.0.1:6000", "http://127.0.0.1:6000")]
    public void OptionsOfTheRootBindItsKeysWithTheDocumentedDefault(string? urls, string expected)
    {
        var configuration = urls is null ? Settings() : Settings(("urls", urls));

        Assert.Equal(expected, configuration.GetValidated<ListenUrlOptions>().Urls);
    }

    private static ServiceProvider Services(IConfiguration configuration) =>
        new ServiceCollection().AddValidatedOptions<RateLimitOptions>(configuration).BuildServiceProvider();

    private static object GetValidated(string section, IConfiguration configuration) => section switch
    {
        "WorkingHours" => configuration.GetValidated<WorkingHoursOptions>(),
        "Telemetry" => configuration.GetValidated<TelemetryOptions>(),
        "Limits" => configuration.GetValidated<RequestLimitOptions>(),
        "Orleans" => configuration.GetValidated<OrleansClientOptions>(),
        "Cors" => configuration.GetValidated<CorsAllowListOptions>(),
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, null),
    };
}
