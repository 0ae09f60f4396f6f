using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// The whole system in one process: a fresh database, a real silo on real ports and the real Api in
/// front of it, shared by the tests of a collection. Holds last <see cref="HoldSeconds"/> seconds.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public const int HoldSeconds = 3;

    /// <summary>How long holds last in this fixture's silo.</summary>
    protected virtual TimeSpan HoldDuration => TimeSpan.FromSeconds(HoldSeconds);

    /// <summary>The silo's settings besides the hold duration.</summary>
    protected virtual IDictionary<string, string?> SiloSettings() => new Dictionary<string, string?>();

    /// <summary>The Api's settings on top of the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string>? ApiSettings => null;

    public TestDatabase Database { get; private set; } = null!;

    public SiloHost Silo { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    /// <summary>A client that carries an admin token, which may call every endpoint.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client with no credentials, as a patient's browser calls.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Doctor and slot creation through <see cref="Http"/>.</summary>
    public AdminApi Admin { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var settings = SiloSettings();
        settings["Booking:HoldDuration"] = HoldDuration.ToString();
        Silo = await SiloHost.StartAsync(Database.ConnectionString, settings);
        Api = new ApiFactory(Silo, ApiSettings);
        Http = Api.Admin();
        Anonymous = Api.Anonymous();
        Admin = new AdminApi(Http);
    }

    /// <summary>Creates a doctor through the Api and returns its JSON.</summary>
    public Task<JsonElement> DoctorAsync(string timeZone = "UTC") => Admin.DoctorAsync(timeZone);

    /// <summary>A new doctor with <paramref name="count"/> slots from 09:00, 30 minutes apart, 30 days ahead; their JSON.</summary>
    public Task<JsonElement[]> SlotsAsync(int count) => Admin.SlotsAsync(count);

    /// <summary>The id of a new free slot.</summary>
    public async Task<Guid> SlotAsync() => (await Admin.SlotIdsAsync(1))[0];

    /// <summary>A date 30 days ahead, YYYY-MM-DD.</summary>
    public static string FutureDate => AdminApi.FutureDate();

    public virtual async Task DisposeAsync()
    {
        // Null-safe: a failed start-up leaves some of these unset, and its own error is the one to see.
        Http?.Dispose();
        Anonymous?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>
/// The same system on a database of its own where holds last an hour: nothing changes in it unless a
/// test changes it, so before/after snapshots cannot be disturbed by a hold expiring in between.
/// </summary>
public sealed class QuietApiFixture : ApiFixture
{
    protected override TimeSpan HoldDuration => TimeSpan.FromHours(1);
}

[CollectionDefinition(Name)]
public sealed class QuietApiCollection : ICollectionFixture<QuietApiFixture>
{
    public const string Name = "api-quiet";
}
