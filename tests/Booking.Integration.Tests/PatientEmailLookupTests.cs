using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Booking.Grains.Notifications;
using Booking.Integration.Tests.Infrastructure;

namespace Booking.Integration.Tests;

/// <summary>
/// Every lookup of a patient's appointments by e-mail goes through an index, never through the whole table: the sign-in
/// link request (anonymous, so anyone could repeat a table scan at will), the link's redemption and the admin's listing.
/// Shown with PostgreSQL's own statistics, on a table big enough that without the index the planner would scan it.
/// </summary>
public sealed class PatientEmailLookupTests
{
    private const string Index = "idx_appointments_patient_email";
    private const int AppointmentCount = 20_000;

    [Fact]
    public async Task ThePatientsEmailLookupsUseAnIndexAndIgnoreCase()
    {
        await using var database = await TestDatabase.CreateAsync();
        var doctor = Guid.NewGuid();
        var slot = Guid.NewGuid();
        await database.InsertDoctorAsync(doctor);
        await database.InsertSlotAsync(slot, doctor, new DateOnly(2027, 3, 1), new TimeOnly(9, 0));
        // Settled appointments (no active one is needed): many patients, and two of one patient written in mixed case.
        await database.ExecuteAsync(
            """
            INSERT INTO appointments (id, slot_id, doctor_id, patient_name, patient_email, patient_phone, appointment_date, appointment_time, status, created_at)
            SELECT gen_random_uuid(), @slot, @doctor, 'Patient ' || g,
                   CASE WHEN g <= 2 THEN 'Known.Patient@Example.org' ELSE 'patient' || g || '@example.org' END,
                   '+15550000000', '2027-03-01', '09:00', 'CANCELLED', now() - g * interval '1 minute'
            FROM generate_series(1, @count) g
            """,
            ("slot", slot), ("doctor", doctor), ("count", AppointmentCount));
        await database.ExecuteAsync("ANALYZE appointments");
        var links = new PatientLinkStore(database.Access());
        var queries = new QueryStore(database.Access());
        var now = DateTimeOffset.UtcNow;
        var scans = await IndexScansAsync(database);

        // The link request of an address without appointments reads the index and makes no link.
        Assert.False(await links.CreateAsync("nobody@example.org", now, now.AddMinutes(15), perHour: 5, CancellationToken.None));
        scans = await IndexScannedAsync(database, scans, "the sign-in link request of an unknown address");

        // The admin's listing by e-mail.
        var page = await queries.ListAppointmentsAsync(new AppointmentQuery(PatientEmail: "KNOWN.patient@example.ORG"), now, CancellationToken.None);
        Assert.Equal(2, page.Items.Count);
        scans = await IndexScannedAsync(database, scans, "the listing by patient e-mail");

        // The link request of a known address makes a link; its redemption lists that address's appointments.
        Assert.True(await links.CreateAsync("known.patient@example.org", now, now.AddMinutes(15), perHour: 5, CancellationToken.None));
        scans = await IndexScannedAsync(database, scans, "the sign-in link request of a known address");
        var link = Guid.Parse((await database.TextAsync("SELECT id::text FROM sign_in_links"))!);
        var mine = await links.RedeemAsync(link, now, CancellationToken.None);
        Assert.NotNull(mine);
        Assert.Equal(2, mine.Items.Count);
        Assert.All(mine.Items, item => Assert.Equal("Known.Patient@Example.org", item.Appointment.Patient.Email));
        await IndexScannedAsync(database, scans, "the redemption of a sign-in link");
    }

    private static Task<long> IndexScansAsync(TestDatabase database) =>
        database.ScalarAsync("SELECT coalesce((SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = @index), 0)", ("index", Index));

    /// <summary>Waits for the statistics to show one more scan of the index than <paramref name="before"/> (backends report them within a second or so).</summary>
    private static async Task<long> IndexScannedAsync(TestDatabase database, long before, string lookup)
    {
        await Eventually.AssertAsync(async () => await IndexScansAsync(database) > before, TimeSpan.FromSeconds(15), $"{lookup} did not use {Index}");
        return await IndexScansAsync(database);
    }
}
