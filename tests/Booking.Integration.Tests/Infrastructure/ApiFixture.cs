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

    public TestDatabase Database { get; private set; } = null!;

    public SiloHost Silo { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Silo = await SiloHost.StartAsync(Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Booking:HoldDuration"] = HoldDuration.ToString(),
        });
        Api = new ApiFactory(Silo);
        Http = Api.CreateClient();
    }

    /// <summary>Creates a doctor through the Api and returns its JSON.</summary>
    public async Task<JsonElement> DoctorAsync(string timeZone = "UTC")
    {
        using var response = await Http.PostAsJsonAsync("/api/doctors", new
        {
            name = "Dr Api Test",
            specialization = "Dermatology",
            email = $"dr-{Guid.NewGuid():N}@example.com",
            phone = "+44 20 7946 0000",
            experience_years = 12,
            time_zone = timeZone,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A new doctor with <paramref name="count"/> slots from 09:00, 30 minutes apart, 30 days ahead; their JSON.</summary>
    public async Task<JsonElement[]> SlotsAsync(int count)
    {
        var doctor = await DoctorAsync();
        using var response = await Http.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctor.GetProperty("id").GetGuid(),
            date = FutureDate,
            times = Enumerable.Range(0, count).Select(i => new TimeOnly(9, 0).AddMinutes(30 * i).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slots").EnumerateArray().ToArray();
    }

    /// <summary>The id of a new free slot.</summary>
    public async Task<Guid> SlotAsync() => (await SlotsAsync(1))[0].GetProperty("id").GetGuid();

    /// <summary>A date 30 days ahead, YYYY-MM-DD.</summary>
    public static string FutureDate => DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        // Null-safe: a failed start-up leaves some of these unset, and its own error is the one to see.
        Http?.Dispose();
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
