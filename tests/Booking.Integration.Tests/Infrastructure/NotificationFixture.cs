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

    protected override TimeSpan HoldDuration => TimeSpan.FromMinutes(1);

    protected override IReadOnlyDictionary<string, string>? ApiSettings { get; } = new Dictionary<string, string> { ["RateLimit:SignInLinkPermits"] = "1000000" };

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

    protected override IDictionary<string, string?> SiloSettings() => Settings(Smtp.Port);

    /// <summary>A new free slot of a new doctor in <paramref name="timeZone"/>, 30 days ahead at 09:00 local time.</summary>
    public async Task<Guid> SlotAsync(string timeZone)
    {
        var doctor = await Admin.DoctorAsync(timeZone, "Dr Notify Test");
        return (await Admin.SlotsAsync(doctor.GetProperty("id").GetGuid(), FutureDate, ["09:00"]))[0].GetProperty("id").GetGuid();
    }

    /// <summary>Books <paramref name="slotId"/> for <paramref name="email"/> as a patient; the appointment's id and access token.</summary>
    public async Task<(Guid Id, string Token)> BookAsync(Guid slotId, string email)
    {
        using var response = await Anonymous.PostAsJsonAsync("/api/appointments/book", new
        {
            slot_id = slotId,
            patient_name = "Nora Notified",
            patient_email = email,
            patient_phone = "+44 20 7946 0999",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("access_token").GetString()!);
    }

    /// <summary>Confirms or cancels (<paramref name="change"/>: confirm, cancel) with the appointment's token; asserts 200.</summary>
    public async Task ChangeAsync(Guid id, string token, string change)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/appointments/{id}/{change}");
        request.Headers.Add("X-Appointment-Token", token);
        using var response = await Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Moves the appointment to <paramref name="slotId"/> with its token; asserts 200.</summary>
    public async Task RescheduleAsync(Guid id, string token, Guid slotId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/appointments/{id}/reschedule") { Content = JsonContent.Create(new { slot_id = slotId }) };
        request.Headers.Add("X-Appointment-Token", token);
        using var response = await Anonymous.SendAsync(request);
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
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        long last;
        while ((last = await Database.ScalarAsync(sql, parameters)) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {expected}, still {last}: {sql}");
            await Task.Delay(50);
        }
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

[CollectionDefinition(Name)]
public sealed class NotificationCollection : ICollectionFixture<NotificationFixture>
{
    public const string Name = "notifications";
}
