using Booking.Grains;
using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using Xunit.Abstractions;

namespace Booking.Integration.Tests.WorkingHours;

/// <summary>
/// A test cluster whose doctors generate a year of slots (so every clock change of the coming year is inside
/// the horizon) and roll them forward every 2 seconds (so the reminder is seen to work within a test).
/// </summary>
public sealed class WorkingHoursClusterFixture : BookingClusterFixture
{
    public const int HorizonDays = 366;

    public static readonly TimeSpan RollPeriod = TimeSpan.FromSeconds(2);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["WorkingHours:HorizonDays"] = HorizonDays.ToString(CultureInfo.InvariantCulture),
        ["WorkingHours:RollPeriod"] = RollPeriod.ToString(),
    };

    // Reminders every second (Orleans' minimum is 1 minute, the silo's 5 s). Set on the options, not as the setting
    // Orleans:Reminders:MinimumReminderPeriod: in a host's configuration Orleans reads the Orleans:Reminders section as the
    // choice of a reminders provider and refuses to start.
    protected override TestSystemBuilder Build(TestSystemBuilder system) => base.Build(system)
        .ConfigureSilo(silo => silo.Services.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)));
}

[CollectionDefinition(Name)]
public sealed class WorkingHoursCollection : ICollectionFixture<WorkingHoursClusterFixture>
{
    public const string Name = "working-hours";
}

/// <summary>Working hours through the doctor's grain on a real cluster and database: generation, changes, DST, the reminder, races.</summary>
[Collection(WorkingHoursCollection.Name)]
public sealed class WorkingHoursGrainTests(WorkingHoursClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(30);

    private IDoctorGrain Doctor(Guid id) => fixture.Client.GetGrain<IDoctorGrain>(id);

    private static Grains.Interfaces.WorkingHours Rules(params WeeklyPeriod[] weekly) => new(30, 0, weekly, []);

    private static WeeklyPeriod Weekly(DayOfWeek day, int fromHour, int toHour) => new(day, new TimeOnly(fromHour, 0), new TimeOnly(toHour, 0));

    private sealed record StoredSlot(Guid Id, DateOnly Date, TimeOnly Time, int Minutes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Generated);

    private async Task<List<StoredSlot>> SlotsAsync(Guid doctorId)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT id, date, time, duration_minutes, starts_at, ends_at, generated FROM slots WHERE doctor_id = @d ORDER BY starts_at");
        command.Parameters.AddWithValue("d", doctorId);
        await using var reader = await command.ExecuteReaderAsync();
        var slots = new List<StoredSlot>();
        while (await reader.ReadAsync())
        {
            slots.Add(new StoredSlot(reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<TimeOnly>(2), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6)));
        }

        return slots;
    }

    private static void AssertNoTwoOverlap(IReadOnlyList<StoredSlot> slots)
    {
        for (var i = 1; i < slots.Count; i++)
        {
            Assert.True(slots[i].StartsAt >= slots[i - 1].EndsAt, $"{slots[i - 1].Date} {slots[i - 1].Time} overlaps {slots[i].Date} {slots[i].Time}");
        }
    }

    /// <summary>Books and confirms a slot, so that the hold does not lapse (holds last 3 s in this cluster).</summary>
    private async Task<BookingOutcome> BookAndConfirmAsync(Guid slotId, int patient)
    {
        var booking = await fixture.Client.GetGrain<ISlotGrain>(slotId).BookAsync(TestData.Patient(patient));
        if (booking.Outcome == BookingOutcome.Booked)
        {
            var confirmed = await fixture.Client.GetGrain<IAppointmentGrain>(booking.Appointment!.Id).ConfirmAsync();
            Assert.Equal(AppointmentStatus.Confirmed, confirmed.Appointment?.Status);
        }

        return booking.Outcome;
    }

    [Fact]
    public async Task WorkingHoursFillTheWholeHorizonWithSlotsAndNothingBeyondIt()
    {
        var doctor = await fixture.Data.DoctorAsync();
        var before = DateTimeOffset.UtcNow;

        var result = await Doctor(doctor.Id).SetWorkingHoursAsync(Rules(Weekly(DayOfWeek.Monday, 9, 10)));

        // An independent count: every Monday of the horizon at 09:00 and 09:30 UTC, unless already past.
        var today = DateOnly.FromDateTime(before.UtcDateTime);
        var expected = Enumerable.Range(0, WorkingHoursClusterFixture.HorizonDays).Select(today.AddDays)
            .Where(d => d.DayOfWeek == DayOfWeek.Monday)
            .SelectMany(d => new[] { new DateTimeOffset(d.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), new DateTimeOffset(d.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero) })
            .Where(t => t > before)
            .ToList();
        var slots = await SlotsAsync(doctor.Id);
        Assert.True(result.DoctorFound);
        Assert.Equal(expected.Count, result.Created);
        Assert.Equal(expected, slots.Select(s => s.StartsAt));
        Assert.All(slots, s => Assert.True(s.Generated && s.Minutes == 30));
        Assert.Equal(today.AddDays(WorkingHoursClusterFixture.HorizonDays - 1), result.View!.GeneratedThrough);
        Assert.Empty(result.View.Unfit);

        // The schedule of a generated day knows its slots, so they can be listed and booked by time.
        var first = slots[0];
        var listed = await fixture.Client.GetGrain<IDoctorScheduleGrain>(DoctorSchedule.Key(doctor.Id, first.Date)).ListSlotsAsync(includeUnavailable: true);
        Assert.Contains(listed, s => s.Id == first.Id);
    }

    [Fact]
    public async Task AcrossTheClockChangesNineToTenStaysLocalSkippedTimesAreLeftOutAndRepeatedOnesMadeOnce()
    {
        const string Berlin = "Europe/Berlin";
        var (forward, _) = ClockChanges.Next(Berlin, forward: true);
        var (back, _) = ClockChanges.Next(Berlin, forward: false);
        var doctor = await fixture.Data.DoctorAsync(Berlin);

        await Doctor(doctor.Id).SetWorkingHoursAsync(Rules(Weekly(DayOfWeek.Sunday, 1, 4), Weekly(DayOfWeek.Monday, 9, 10)));

        var slots = await SlotsAsync(doctor.Id);
        AssertNoTwoOverlap(slots);
        string[] Times(DateOnly date) => slots.Where(s => s.Date == date).Select(s => s.Time.ToString("HH:mm", CultureInfo.InvariantCulture)).ToArray();

        // Spring forward: 02:00-02:59 does not exist.
        Assert.Equal(["01:00", "01:30", "03:00", "03:30"], Times(forward));
        Assert.Equal(
            slots.Where(s => s.Date == forward).Select(s => Clock.ToInstant(s.Date, s.Time, Berlin)),
            slots.Where(s => s.Date == forward).Select(s => s.StartsAt));
        Assert.Equal(TimeSpan.FromMinutes(30), slots.Single(s => s.Date == forward && s.Time == new TimeOnly(3, 0)).StartsAt - slots.Single(s => s.Date == forward && s.Time == new TimeOnly(1, 30)).StartsAt);

        // Fall back: 02:00-02:59 happens twice and is made once, at its second occurrence.
        Assert.Equal(["01:00", "01:30", "02:00", "02:30", "03:00", "03:30"], Times(back));
        Assert.Equal(TimeSpan.FromMinutes(90), slots.Single(s => s.Date == back && s.Time == new TimeOnly(2, 0)).StartsAt - slots.Single(s => s.Date == back && s.Time == new TimeOnly(1, 30)).StartsAt);

        // The Mondays around the change start at 09:00 local: one hour apart in UTC.
        var mondayBefore = slots.First(s => s.Date == forward.AddDays(-6) && s.Time == new TimeOnly(9, 0));
        var mondayAfter = slots.First(s => s.Date == forward.AddDays(1) && s.Time == new TimeOnly(9, 0));
        Assert.Equal(8, mondayBefore.StartsAt.UtcDateTime.Hour);
        Assert.Equal(7, mondayAfter.StartsAt.UtcDateTime.Hour);
    }

    [Fact]
    public async Task ChangingTheRulesReplacesFreeGeneratedSlotsAndKeepsBookedAndHandMadeOnesReportingTheBookedOne()
    {
        var doctor = await fixture.Data.DoctorAsync();
        await Doctor(doctor.Id).SetWorkingHoursAsync(Rules(Weekly(DayOfWeek.Tuesday, 9, 12)));
        var tuesdays = await SlotsAsync(doctor.Id);
        var booked = tuesdays[1];
        Assert.Equal(BookingOutcome.Booked, await BookAndConfirmAsync(booked.Id, 1));
        var wednesday = tuesdays[0].Date.AddDays(1);
        var handMade = await Doctor(doctor.Id).AddSlotsAsync([new SlotTime(wednesday, new TimeOnly(15, 0))], 30);
        Assert.Equal(AddSlotsOutcome.Created, handMade.Outcome);

        var result = await Doctor(doctor.Id).SetWorkingHoursAsync(Rules(Weekly(DayOfWeek.Wednesday, 9, 11)));

        var slots = await SlotsAsync(doctor.Id);
        Assert.Equal(tuesdays.Count - 1, result.Deleted);
        Assert.Equal([booked.Id], slots.Where(s => s.Date.DayOfWeek == DayOfWeek.Tuesday).Select(s => s.Id));
        Assert.Contains(slots, s => s.Id == handMade.Created[0].Id);
        Assert.Equal(result.Created, slots.Count(s => s.Generated && s.Date.DayOfWeek == DayOfWeek.Wednesday));
        Assert.Equal(["09:00", "09:30", "10:00", "10:30", "15:00"], slots.Where(s => s.Date == wednesday).Select(s => s.Time.ToString("HH:mm", CultureInfo.InvariantCulture)));
        var unfit = Assert.Single(result.View!.Unfit);
        Assert.Equal(booked.Id, unfit.Slot.Id);
        Assert.Null(unfit.HeldUntil);
        Assert.True(unfit.Generated);
        Assert.Equal(1, await fixture.Database.ActiveAppointmentsAsync(booked.Id));
        Assert.Equal([booked.Id], (await Doctor(doctor.Id).GetWorkingHoursAsync())!.Unfit.Select(u => u.Slot.Id));
    }

    [Fact]
    public async Task AHandMadeSlotStandsInTheWayOfGeneratedOnesAndStillObeysTheRuleItself()
    {
        var doctor = await fixture.Data.DoctorAsync();
        var thursday = TestData.FutureDate(3);
        while (thursday.DayOfWeek != DayOfWeek.Thursday)
        {
            thursday = thursday.AddDays(1);
        }

        Assert.Equal(AddSlotsOutcome.Created, (await Doctor(doctor.Id).AddSlotsAsync([new SlotTime(thursday, new TimeOnly(9, 15))], 30)).Outcome);

        await Doctor(doctor.Id).SetWorkingHoursAsync(Rules(Weekly(DayOfWeek.Thursday, 9, 11)));

        var slots = await SlotsAsync(doctor.Id);
        Assert.Equal(["09:15", "10:00", "10:30"], slots.Where(s => s.Date == thursday).Select(s => s.Time.ToString("HH:mm", CultureInfo.InvariantCulture)));
        Assert.Equal(["09:00", "09:30", "10:00", "10:30"], slots.Where(s => s.Date == thursday.AddDays(7)).Select(s => s.Time.ToString("HH:mm", CultureInfo.InvariantCulture)));
        AssertNoTwoOverlap(slots);

        var overlapping = await Doctor(doctor.Id).AddSlotsAsync([new SlotTime(thursday.AddDays(7), new TimeOnly(9, 45))], 30);
        Assert.Equal(AddSlotsOutcome.Overlap, overlapping.Outcome);
        Assert.Equal([new TimeOnly(9, 30), new TimeOnly(10, 0)], overlapping.Conflicts!.Select(c => c.Time));
    }

    [Fact]
    public async Task BookingsRacingARulesChangeEitherKeepTheirSlotOrLoseItCleanlyAndNoBookedSlotIsEverDeleted()
    {
        var doctor = await fixture.Data.DoctorAsync();
        await Doctor(doctor.Id).SetWorkingHoursAsync(Rules(Weekly(DayOfWeek.Thursday, 9, 12)));
        var contested = (await SlotsAsync(doctor.Id)).Where((_, i) => i % 6 == 0).ToList();

        // The new rules make none of the Thursday slots: each contested slot is deleted unless a booking gets there
        // first. Deletions go from the earliest slot on; bookings from the latest back, spread over the time the
        // deletions take, so that the two meet somewhere in the middle.
        var bookings = contested.Select((s, i) => Task.Run(async () =>
        {
            await Task.Delay((contested.Count - 1 - i) * 25);
            return await BookAndConfirmAsync(s.Id, i);
        })).ToList();
        var change = Doctor(doctor.Id).SetWorkingHoursAsync(Rules(Weekly(DayOfWeek.Friday, 9, 10)));
        var outcomes = await Task.WhenAll(bookings);
        var result = await change;

        output.WriteLine($"race: {outcomes.Count(o => o == BookingOutcome.Booked)} bookings kept their slot, {outcomes.Count(o => o == BookingOutcome.SlotNotFound)} found it deleted; {result.Deleted} slots deleted");
        Assert.All(outcomes, o => Assert.True(o is BookingOutcome.Booked or BookingOutcome.SlotNotFound, $"a booking ended {o}"));
        var won = contested.Where((_, i) => outcomes[i] == BookingOutcome.Booked).Select(s => s.Id).ToHashSet();
        var remaining = (await SlotsAsync(doctor.Id)).Where(s => s.Date.DayOfWeek == DayOfWeek.Thursday).Select(s => s.Id).ToHashSet();
        Assert.Equal(won.Order(), remaining.Order());
        foreach (var slot in contested)
        {
            Assert.Equal(won.Contains(slot.Id) ? 1 : 0, await fixture.Database.ActiveAppointmentsAsync(slot.Id));
        }

        Assert.Equal(won.Count, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM appointments WHERE doctor_id = @d AND status = 'CONFIRMED'", ("d", doctor.Id)));
        Assert.Equal(won.Order(), result.View!.Unfit.Select(u => u.Slot.Id).Order());
    }

    [Fact]
    public async Task TheDoctorsReminderMakesMissingSlotsWithoutAnyoneAskingAndStopsWhenTheRulesAreCleared()
    {
        var doctor = await fixture.Data.DoctorAsync();
        await Doctor(doctor.Id).SetWorkingHoursAsync(Rules(Weekly(DayOfWeek.Saturday, 9, 10)));
        var gone = (await SlotsAsync(doctor.Id))[2];
        Assert.Equal(DeleteOutcome.Deleted, await fixture.Client.GetGrain<ISlotGrain>(gone.Id).DeleteAsync());
        Assert.Equal(
            WorkingHoursClusterFixture.RollPeriod.TotalMilliseconds,
            await fixture.Database.ScalarAsync("SELECT period FROM orleans_reminder WHERE reminder_name = 'working-hours' AND grain_id LIKE '%' || @key || '%'", ("key", doctor.Id.ToString("N"))));

        // Nobody calls the grain now: the reminder notices the missing Saturday slot and makes it again.
        var deadline = DateTime.UtcNow + _wait;
        List<StoredSlot> slots;
        do
        {
            await Task.Delay(200);
            slots = await SlotsAsync(doctor.Id);
        }
        while (!slots.Any(s => s.Date == gone.Date && s.Time == gone.Time) && DateTime.UtcNow < deadline);

        var remade = Assert.Single(slots, s => s.Date == gone.Date && s.Time == gone.Time);
        Assert.NotEqual(gone.Id, remade.Id);
        Assert.True(remade.Generated);

        var cleared = await Doctor(doctor.Id).SetWorkingHoursAsync(Rules());
        Assert.Equal(slots.Count, cleared.Deleted);
        Assert.Empty(await SlotsAsync(doctor.Id));
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM orleans_reminder WHERE reminder_name = 'working-hours' AND grain_id LIKE '%' || @key || '%'", ("key", doctor.Id.ToString("N"))));
    }
}
