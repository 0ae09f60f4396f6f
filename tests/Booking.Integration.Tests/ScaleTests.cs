using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

/// <summary>Many slots in the database, few in memory: grains are activated on demand and idle ones go.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ScaleTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task AHundredThousandSlotsCostOnlyTheActivationsThatAreUsedAndIdleOnesAreCollected()
    {
        var doctor = await fixture.Data.DoctorAsync();
        await fixture.Database.ExecuteAsync("""
            INSERT INTO slots (id, doctor_id, date, time, starts_at, ends_at)
            SELECT gen_random_uuid(), @doctor, day, at, (day + at) AT TIME ZONE 'UTC', (day + at) AT TIME ZONE 'UTC' + interval '30 minutes'
            FROM generate_series(0, 99999) AS n,
                 LATERAL (SELECT current_date + 30 + (n / 48) AS day, time '00:00' + (n % 48) * interval '30 minutes' AS at) AS slot
            """, ("doctor", doctor.Id));
        Assert.Equal(100_000, await fixture.Database.ScalarAsync("SELECT count(*) FROM slots WHERE doctor_id = @d", ("d", doctor.Id)));
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var before = await SlotGrainActivationsAsync(management);

        var sample = await SampleSlotsAsync(doctor.Id, 200);
        var results = await Task.WhenAll(sample.Select((id, i) => fixture.Client.GetGrain<ISlotGrain>(id).BookAsync(TestData.Patient(i))));

        Assert.All(results, r => Assert.Equal(BookingOutcome.Booked, r.Outcome));
        var active = await SlotGrainActivationsAsync(management);
        Assert.InRange(active - before, 200, 250);

        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.True(await SlotGrainActivationsAsync(management) < active, "idle slot grains were not deactivated");
    }

    private async Task<List<Guid>> SampleSlotsAsync(Guid doctorId, int count)
    {
        await using var command = fixture.Database.DataSource.CreateCommand("SELECT id FROM slots WHERE doctor_id = @d ORDER BY random() LIMIT @n");
        command.Parameters.AddWithValue("d", doctorId);
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static async Task<int> SlotGrainActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(nameof(Booking.Grains.SlotGrain), StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
}
