using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// The whole system with notifications on: a fresh database, a silo that mails through an in-process SMTP server
/// (<see cref="Smtp"/>) and links with the tests' signing key, a webhook receiver on 127.0.0.1 and the Api. Retries,
/// polling and leases are short so the tests wait seconds, not minutes.
/// </summary>
public sealed class NotificationFixture : ApiFixture
{
    /// <summary>How long before a confirmed appointment its reminder is due in this fixture.</summary>
    public static readonly TimeSpan ReminderLeadTime = TimeSpan.FromHours(1);

    public const int MaxAttempts = 3;

    public TestSmtpServer Smtp { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>The silo settings that turn notifications on, against <paramref name="smtpPort"/>.</summary>
    public static Dictionary<string, string?> Settings(int smtpPort) => new()
    {
        ["Auth:SigningKey"] = TestAuth.SigningKey,
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
        ["Notifications:Smtp:From"] = "Test Clinic <clinic@booking.test>",
        ["Notifications:PublicBaseUrl"] = "http://127.0.0.1:5080",
        ["Notifications:PollInterval"] = "00:00:00.100",
        ["Notifications:RetryBaseDelay"] = "00:00:00.200",
        ["Notifications:RetryMaxDelay"] = "00:00:01",
        ["Notifications:MaxAttempts"] = MaxAttempts.ToString(CultureInfo.InvariantCulture),
        ["Notifications:ClaimLease"] = "00:00:03",
        ["Notifications:WebhookTimeout"] = "00:00:02",
        ["Notifications:ReminderLeadTime"] = ReminderLeadTime.ToString(),
    };

    public override async Task InitializeAsync()
    {
        Smtp = TestSmtpServer.Start();
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    protected override TestSystemBuilder Build(TestSystemBuilder system) => base.Build(system)
        .WithHold(TimeSpan.FromMinutes(1))
        .WithSettings(Settings(Smtp.Port))
        .WithApi(new Dictionary<string, string> { ["RateLimit:SignInLinkPermits"] = "1000000" });

    /// <summary>A new free slot of a new doctor in <paramref name="timeZone"/>, 30 days ahead at 09:00 local time.</summary>
    public async Task<Guid> SlotAsync(string timeZone)
    {
        var doctor = await Admin.DoctorAsync(timeZone, "Dr Notify Test");
        return (await Admin.SlotsAsync(doctor.GetProperty("id").GetGuid(), FutureDate, ["09:00"]))[0].GetProperty("id").GetGuid();
    }

    /// <summary>Books <paramref name="slotId"/> for <paramref name="email"/> as a patient; the appointment's id and access token.</summary>
    public async Task<(Guid Id, string Token)> BookAsync(Guid slotId, string email)
    {
        var booked = await Patients.BookedAsync(slotId, email: email, name: "Nora Notified");
        return (booked.Id, booked.Token);
    }

    /// <summary>Confirms or cancels (<paramref name="change"/>: confirm, cancel) with the appointment's token; asserts 200.</summary>
    public async Task ChangeAsync(Guid id, string token, string change)
    {
        using var response = await Patients.ChangeAsync(id, token, change);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Moves the appointment to <paramref name="slotId"/> with its token; asserts 200.</summary>
    public async Task RescheduleAsync(Guid id, string token, Guid slotId)
    {
        using var response = await Patients.MoveAsync(id, token, slotId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Books and confirms a new slot for <paramref name="email"/>.</summary>
    public async Task<(Guid Id, string Token)> ConfirmedAsync(string email, string timeZone = "UTC")
    {
        var booked = await BookAsync(await SlotAsync(timeZone), email);
        await ChangeAsync(booked.Id, booked.Token, "confirm");
        return booked;
    }

    /// <summary>A unique address; <paramref name="prefix"/> steers the SMTP server (flaky-, refused-).</summary>
    public static string Email(string prefix = "patient") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>Waits (bounded) until <paramref name="sql"/> (a count) reaches <paramref name="expected"/>.</summary>
    public async Task WaitForCountAsync(string sql, long expected, params (string Name, object Value)[] parameters)
    {
        long last = -1;
        Assert.True(
            await Eventually.HoldsAsync(async () => (last = await Database.ScalarAsync(sql, parameters)) == expected, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50)),
            $"expected {expected}, still {last}: {sql}");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }
}

/// <summary>
/// Alone, after the parallel collections: some of its tests read the silo's notification metrics, and a meter listener sees
/// the measurements of every silo in the test process (see <see cref="ObservabilityCollection"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotificationCollection : ICollectionFixture<NotificationFixture>
{
    public const string Name = "notifications";
}
