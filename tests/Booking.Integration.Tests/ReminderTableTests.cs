using Booking.Grains;
using Booking.Grains.Data;
using Booking.Integration.Tests.Infrastructure;
using Npgsql;

namespace Booking.Integration.Tests;

/// <summary>
/// The silo's reminder table (<see cref="ReminderTable"/>) against the booking database, each test under a service id of
/// its own: Orleans' contract (ETags, conditional removal, ring ranges) and what batching must not change.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReminderTableTests : IAsyncLifetime
{
    private readonly BookingClusterFixture _fixture;
    private readonly string _serviceId = $"reminder-test-{Guid.NewGuid():N}";
    private readonly ReminderTable _table;

    public ReminderTableTests(BookingClusterFixture fixture)
    {
        _fixture = fixture;
        _table = new(ServiceCollectionExtensions.CreateDataSource(fixture.Database.ConnectionString), _serviceId);
    }

    public Task InitializeAsync() => _table.StartAsync();

    public async Task DisposeAsync()
    {
        await _table.DisposeAsync();
        await _fixture.Database.ExecuteAsync("DELETE FROM orleans_reminder WHERE service_id = @id", ("id", _serviceId));
    }

    private static GrainId Grain() => GrainId.Create("appointment", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Entry(GrainId grain, string name = "hold-expiry", int seconds = 120) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc).AddSeconds(seconds),
        Period = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task EachWriteOfAReminderGivesANewETagAndTheRowReadsBackAsWritten()
    {
        var grain = Grain();

        var first = await _table.UpsertRow(Entry(grain));
        var second = await _table.UpsertRow(Entry(grain, seconds: 300));

        Assert.NotEqual(first, second);
        var row = await _table.ReadRow(grain, "hold-expiry");
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(second, row.ETag);
        Assert.Equal(new DateTime(2026, 11, 28, 12, 5, 0, DateTimeKind.Utc), row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), row.Period);
        Assert.Equal([second], (await _table.ReadRows(grain)).Reminders.Select(r => r.ETag));
        Assert.Null(await _table.ReadRow(grain, "another"));
    }

    [Fact]
    public async Task AReminderIsRemovedOnlyWithItsCurrentETag()
    {
        var grain = Grain();
        var stale = await _table.UpsertRow(Entry(grain));
        var current = await _table.UpsertRow(Entry(grain));

        Assert.False(await _table.RemoveRow(grain, "hold-expiry", stale!));
        Assert.False(await _table.RemoveRow(grain, "hold-expiry", "not-an-etag"));
        Assert.NotNull(await _table.ReadRow(grain, "hold-expiry"));

        Assert.True(await _table.RemoveRow(grain, "hold-expiry", current!));
        Assert.Null(await _table.ReadRow(grain, "hold-expiry"));
        Assert.False(await _table.RemoveRow(grain, "hold-expiry", current!));
    }

    [Fact]
    public async Task WritesThatArriveTogetherShareBatchesAndEachGetsItsOwnOutcome()
    {
        var grains = Enumerable.Range(0, 500).Select(_ => Grain()).ToArray();
        var shared = Grain();
        var before = _table.Batches;

        // 500 reminders of distinct grains and 40 writes of one reminder, all asked for at once.
        var distinct = grains.Select(g => _table.UpsertRow(Entry(g))).ToArray();
        var same = Enumerable.Range(0, 40).Select(_ => _table.UpsertRow(Entry(shared))).ToArray();
        var etags = await Task.WhenAll(distinct);
        var sameEtags = await Task.WhenAll(same);

        Assert.All(etags, Assert.NotNull);
        Assert.Equal(500, (await Task.WhenAll(grains.Select(g => _table.ReadRow(g, "hold-expiry")))).Count(r => r is not null));
        // Each write of the one reminder was applied on its own, one after another: 40 different ETags, the last one stored.
        Assert.Equal(40, sameEtags.Distinct().Count());
        Assert.Equal(sameEtags.Max(e => int.Parse(e!)), int.Parse((await _table.ReadRow(shared, "hold-expiry"))!.ETag!));
        // ...in at least 40 batches (never two writes of one reminder in one), and the 500 others rode along in them.
        var batches = _table.Batches - before;
        Assert.InRange(batches, 40, 60);
    }

    [Fact]
    public async Task RemovalsAndWritesOfOtherRemindersShareABatch()
    {
        var grains = Enumerable.Range(0, 50).Select(_ => Grain()).ToArray();
        var etags = await Task.WhenAll(grains.Select(g => _table.UpsertRow(Entry(g))));
        var fresh = Enumerable.Range(0, 50).Select(_ => Grain()).ToArray();

        var removals = grains.Select((g, i) => _table.RemoveRow(g, "hold-expiry", i % 2 == 0 ? etags[i]! : "12345")).ToArray();
        var writes = fresh.Select(g => _table.UpsertRow(Entry(g))).ToArray();

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i % 2 == 0), await Task.WhenAll(removals));
        Assert.All(await Task.WhenAll(writes), Assert.NotNull);
        var left = await Task.WhenAll(grains.Select(g => _table.ReadRow(g, "hold-expiry")));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i % 2 != 0), left.Select(r => r is not null));
    }

    [Fact]
    public async Task OneBadReminderFailsAloneAndTheOthersInItsBatchAreWritten()
    {
        var grains = Enumerable.Range(0, 30).Select(_ => Grain()).ToArray();
        var bad = Grain();

        var good = grains.Select(g => _table.UpsertRow(Entry(g))).ToList();
        var failing = _table.UpsertRow(Entry(bad, name: new string('x', 151))); // the column holds 150 characters
        good.AddRange(grains.Take(10).Select(g => _table.UpsertRow(Entry(g, "second"))));

        await Assert.ThrowsAsync<PostgresException>(() => failing);
        Assert.All(await Task.WhenAll(good), Assert.NotNull);
        Assert.Equal(40, (await Task.WhenAll(grains.Select(g => _table.ReadRows(g)))).Sum(d => d.Reminders.Count));
        Assert.Empty((await _table.ReadRows(bad)).Reminders);
    }

    [Fact]
    public async Task ARangeReadReturnsExactlyTheRemindersWhoseHashIsInThatArcOfTheRing()
    {
        var grains = Enumerable.Range(0, 300).Select(_ => Grain()).ToArray();
        await Task.WhenAll(grains.Select(g => _table.UpsertRow(Entry(g))));

        // (begin, end]: plain arcs in both halves, one across the signed wrap (2^31), one across zero, the whole ring.
        (uint Begin, uint End)[] arcs =
        [
            (0x1000_0000, 0x6000_0000), (0x9000_0000, 0xE000_0000), (0x6000_0000, 0xA000_0000),
            (0xC000_0000, 0x3000_0000), (0x7FFF_FFFF, 0x7FFF_FFFF), (0, uint.MaxValue),
        ];
        foreach (var (begin, end) in arcs)
        {
            var expected = grains.Where(g => InArc(g.GetUniformHashCode(), begin, end)).Order().ToList();
            var read = (await _table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).Order().ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, read);
        }
    }

    /// <summary>Orleans' ring: (begin, end], wrapping past <see cref="uint.MaxValue"/> when end is not after begin.</summary>
    private static bool InArc(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    [Fact]
    public async Task AReminderServiceThatStoppedStillWritesAndAClosedTableSaysItTakesNoMoreWrites()
    {
        await ((IReminderTable)_table).StopAsync();
        var grain = Grain();
        Assert.NotNull(await _table.UpsertRow(Entry(grain)));

        var queued = _table.UpsertRow(Entry(Grain()));
        await _table.DisposeAsync();

        Assert.NotNull(await queued); // what was queued before the close is written
        await Assert.ThrowsAsync<ReminderException>(() => _table.UpsertRow(Entry(Grain())));
    }
}
