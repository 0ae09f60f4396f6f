namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// The whole system in one process (<see cref="TestSystem"/> with the Api), shared by the tests of a collection. Holds last
/// <see cref="HoldSeconds"/> seconds on a <see cref="TestClock"/>, so a test lets one lapse with <see cref="Lapse"/>.
/// </summary>
public class ApiFixture : SystemFixture
{
    public const int HoldSeconds = 3;

    /// <summary>The silo's and the Api's clock.</summary>
    public TestClock Clock { get; } = new();

    protected override TestSystemBuilder Build(TestSystemBuilder system) =>
        system.WithHold(TimeSpan.FromSeconds(HoldSeconds)).WithClock(Clock).WithApi();

    /// <summary>Moves the clock past <paramref name="expiresAt"/>: a hold that expires then has lapsed.</summary>
    public void Lapse(DateTimeOffset expiresAt) => Clock.Lapse(expiresAt);

    /// <summary>Creates a doctor through the Api and returns its JSON.</summary>
    public Task<System.Text.Json.JsonElement> DoctorAsync(string timeZone = "UTC") => Admin.DoctorAsync(timeZone);

    /// <summary>A new doctor with <paramref name="count"/> slots from 09:00, 30 minutes apart, 30 days ahead; their JSON.</summary>
    public Task<System.Text.Json.JsonElement[]> SlotsAsync(int count) => Admin.SlotsAsync(count);

    /// <summary>The id of a new free slot.</summary>
    public async Task<Guid> SlotAsync() => (await Admin.SlotIdsAsync(1))[0];

    /// <summary>A date 30 days ahead, YYYY-MM-DD.</summary>
    public static string FutureDate => AdminApi.FutureDate();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>
/// The same system on a database of its own where holds last an hour: nothing changes in it unless a test changes it, so
/// before/after snapshots cannot be disturbed by a hold expiring in between.
/// </summary>
public sealed class QuietApiFixture : ApiFixture
{
    protected override TestSystemBuilder Build(TestSystemBuilder system) => base.Build(system).WithHold(TimeSpan.FromHours(1));
}

[CollectionDefinition(Name)]
public sealed class QuietApiCollection : ICollectionFixture<QuietApiFixture>
{
    public const string Name = "api-quiet";
}

/// <summary>The bad-input tests on a quiet system of their own: many fast tests, run beside the other collections.</summary>
[CollectionDefinition(Name)]
public sealed class BadInputCollection : ICollectionFixture<QuietApiFixture>
{
    public const string Name = "api-bad-input";
}
