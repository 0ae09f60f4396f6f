using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A fresh database, a real silo on real ports and, when asked for, the real Api in front of it, all in the test
/// process: what every in-process test stands on. Made by <see cref="Create"/>, e.g.
/// <c>await TestSystem.Create().WithHold(TimeSpan.FromSeconds(3)).WithApi().StartAsync()</c>; disposing it stops
/// everything and drops the database.
/// </summary>
public sealed class TestSystem : IAsyncDisposable
{
    private readonly ApiFactory? _api;
    private readonly HttpClient? _http;
    private readonly HttpClient? _anonymous;

    internal TestSystem(TestDatabase database, SiloHost silo, TestClock? clock, ApiFactory? api)
    {
        Database = database;
        Silo = silo;
        Clock = clock;
        Data = new TestData(Client, database, clock);
        SiloHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };
        if (api is not null)
        {
            _api = api;
            _http = api.Admin();
            _anonymous = api.Anonymous();
        }
    }

    public static TestSystemBuilder Create() => new();

    public TestDatabase Database { get; }

    public SiloHost Silo { get; }

    /// <summary>The silo's services (its <see cref="Grains.Data.BookingDatabase"/>, stores, options).</summary>
    public IServiceProvider Services => Silo.Services;

    /// <summary>The silo's own cluster client: grain calls straight from the test.</summary>
    public IClusterClient Client => Services.GetRequiredService<IClusterClient>();

    /// <summary>Doctors, slots and holds made through the grains.</summary>
    public TestData Data { get; }

    /// <summary>The silo's clock when the system was built <see cref="TestSystemBuilder.WithClock"/>; otherwise null (real time).</summary>
    public TestClock? Clock { get; }

    /// <summary>A client for the silo's own HTTP endpoint (/metrics, /health/*).</summary>
    public HttpClient SiloHttp { get; }

    public ApiFactory Api => _api ?? throw NoApi();

    /// <summary>A client of the Api that carries an admin token, which may call every endpoint.</summary>
    public HttpClient Http => _http ?? throw NoApi();

    /// <summary>A client of the Api with no credentials, as a patient's browser calls.</summary>
    public HttpClient Anonymous => _anonymous ?? throw NoApi();

    /// <summary>Doctor and slot creation through the Api as an admin.</summary>
    public AdminApi Admin => new(Http);

    /// <summary>Patients' calls through the Api (book, confirm, cancel, move).</summary>
    public PatientApi Patients => new(Anonymous);

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        _anonymous?.Dispose();
        SiloHttp.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await Silo.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static InvalidOperationException NoApi() => new("This test system has no Api: build it with WithApi().");
}

/// <summary>What <see cref="TestSystem.Create"/> returns: settings first, then <see cref="StartAsync"/>.</summary>
public sealed class TestSystemBuilder
{
    private readonly Dictionary<string, string?> _silo = [];
    private readonly Dictionary<string, string> _api = [];
    private readonly List<Action<WebApplicationBuilder>> _configureSilo = [];
    private readonly List<Action<IWebHostBuilder>> _configureApi = [];
    private bool _withApi;
    private TestClock? _clock;

    internal TestSystemBuilder()
    {
    }

    /// <summary>How long a PENDING hold keeps its slot (Booking:HoldDuration).</summary>
    public TestSystemBuilder WithHold(TimeSpan duration) => WithSetting("Booking:HoldDuration", duration.ToString());

    /// <summary>How often the expiry sweep runs and how long past its time it leaves a hold to its reminder.</summary>
    public TestSystemBuilder WithExpirySweep(TimeSpan interval, TimeSpan grace) =>
        WithSetting("Booking:ExpirySweepInterval", interval.ToString()).WithSetting("Booking:ExpirySweepGrace", grace.ToString());

    /// <summary>One setting of the silo, e.g. <c>("Booking:MaxConnections", "12")</c>.</summary>
    public TestSystemBuilder WithSetting(string key, string? value)
    {
        _silo[key] = value;
        return this;
    }

    public TestSystemBuilder WithSetting(string key, int value) => WithSetting(key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Settings of the silo, on top of the ones given before.</summary>
    public TestSystemBuilder WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var (key, value) in settings)
        {
            _silo[key] = value;
        }

        return this;
    }

    /// <summary>The Api in front of the silo, with <see cref="TestAuth.Settings"/> and then <paramref name="settings"/>.</summary>
    public TestSystemBuilder WithApi(IReadOnlyDictionary<string, string>? settings = null)
    {
        _withApi = true;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _api[key] = value;
        }

        return this;
    }

    /// <summary>Anything else about the Api, e.g. a logger provider; implies <see cref="WithApi"/>.</summary>
    public TestSystemBuilder ConfigureApi(Action<IWebHostBuilder> configure)
    {
        _withApi = true;
        _configureApi.Add(configure);
        return this;
    }

    /// <summary>Anything else about the silo's host, e.g. a logger provider that captures its logs.</summary>
    public TestSystemBuilder ConfigureSilo(Action<WebApplicationBuilder> configure)
    {
        _configureSilo.Add(configure);
        return this;
    }

    /// <summary>
    /// The silo's <see cref="TimeProvider"/> is <paramref name="clock"/>, so a test moves time forward (a hold lapses) instead
    /// of sleeping. The whole silo sees the same clock, as after a jump of the wall clock.
    /// </summary>
    public TestSystemBuilder WithClock(TestClock clock)
    {
        _clock = clock;
        return this;
    }

    public async Task<TestSystem> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        SiloHost? silo = null;
        ApiFactory? api = null;
        try
        {
            silo = await SiloHost.StartAsync(database.ConnectionString, _silo, builder =>
            {
                if (_clock is not null)
                {
                    builder.Services.AddSingleton<TimeProvider>(_clock);
                }

                foreach (var configure in _configureSilo)
                {
                    configure(builder);
                }
            });
            if (_withApi)
            {
                api = new ApiFactory(silo, _api, web => _configureApi.ForEach(configure => configure(web)));
            }

            return new TestSystem(database, silo, _clock, api);
        }
        catch
        {
            // The start-up's own error is the one to see; stop what did start.
            if (api is not null)
            {
                await api.DisposeAsync();
            }

            if (silo is not null)
            {
                await silo.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// A shared <see cref="TestSystem"/> as an xunit fixture: a subclass says how it is built in <see cref="Build"/>, and its
/// tests reach the system's parts through the fixture's properties.
/// </summary>
public abstract class SystemFixture : IAsyncLifetime
{
    private TestSystem? _system;

    public TestSystem System => _system ?? throw new InvalidOperationException("The fixture has not started.");

    public TestDatabase Database => System.Database;

    public SiloHost Silo => System.Silo;

    public IClusterClient Client => System.Client;

    public TestData Data => System.Data;

    public ApiFactory Api => System.Api;

    public HttpClient Http => System.Http;

    public HttpClient Anonymous => System.Anonymous;

    public AdminApi Admin => System.Admin;

    public PatientApi Patients => System.Patients;

    /// <summary>How the system is built, before it starts.</summary>
    protected abstract TestSystemBuilder Build(TestSystemBuilder system);

    public virtual async Task InitializeAsync() => _system = await Build(TestSystem.Create()).StartAsync();

    public virtual async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}
