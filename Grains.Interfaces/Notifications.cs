namespace Booking.Grains.Interfaces;

/// <summary>The event types a webhook endpoint can subscribe to: one per appointment status an event leads to, and one for a move.</summary>
public static class WebhookEvents
{
    public const string Booked = "appointment.booked";
    public const string Confirmed = "appointment.confirmed";

    /// <summary>A PENDING or CONFIRMED appointment moved to another slot (its status stays).</summary>
    public const string Rescheduled = "appointment.rescheduled";
    public const string Cancelled = "appointment.cancelled";
    public const string Expired = "appointment.expired";

    /// <summary>Every event type, in the order the lifecycle reaches them.</summary>
    public static IReadOnlyList<string> All { get; } = [Booked, Confirmed, Rescheduled, Cancelled, Expired];

    /// <summary>The event type of a change that leads to <paramref name="status"/>, or of a move (<paramref name="moved"/>) in that status.</summary>
    public static string For(AppointmentStatus status, bool moved) => moved ? Rescheduled : status switch
    {
        AppointmentStatus.Pending => Booked,
        AppointmentStatus.Confirmed => Confirmed,
        AppointmentStatus.Cancelled => Cancelled,
        _ => Expired,
    };
}

/// <summary>A webhook endpoint as an admin registers it.</summary>
/// <param name="Url">Absolute http or https URL that receives a POST per event.</param>
/// <param name="Events">Event types it wants (<see cref="WebhookEvents"/>).</param>
/// <param name="Secret">The HMAC-SHA256 key of the signatures; shared with the receiver.</param>
/// <param name="IncludeContactData">True to add the patient's name, e-mail and phone to payloads.</param>
[GenerateSerializer, Immutable, Alias("Booking.WebhookEndpointDraft")]
public sealed record WebhookEndpointDraft(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Events,
    [property: Id(2)] string Secret,
    [property: Id(3)] bool IncludeContactData);

/// <summary>A registered webhook endpoint (its secret is never read back).</summary>
[GenerateSerializer, Immutable, Alias("Booking.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] bool IncludeContactData,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>One attempt to deliver one event to one webhook endpoint, and where its delivery stands now.</summary>
[GenerateSerializer, Immutable, Alias("Booking.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] long Id,
    [property: Id(1)] long DeliveryId,
    [property: Id(2)] long? EventId,
    [property: Id(3)] string EventType,
    [property: Id(4)] Guid? AppointmentId,
    [property: Id(5)] int Attempt,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] int? StatusCode,
    [property: Id(8)] int DurationMs,
    [property: Id(9)] bool Succeeded,
    [property: Id(10)] string? Error,
    [property: Id(11)] string DeliveryStatus);

/// <summary>Admin access to webhook endpoints and their delivery log. A stateless worker: SQL only.</summary>
[Alias("Booking.IWebhookAdminGrain")]
public interface IWebhookAdminGrain : IGrainWithIntegerKey
{
    /// <summary>Registers an endpoint; events from now on are delivered to it.</summary>
    [Alias("Create")]
    Task<WebhookEndpoint> CreateAsync(WebhookEndpointDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Every registered endpoint, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes an endpoint with its pending deliveries and its log; false when there is none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(Guid endpointId, CancellationToken cancellationToken = default);

    /// <summary>The endpoint's latest delivery attempts, newest first; null when there is no such endpoint.</summary>
    [Alias("ListAttempts")]
    Task<IReadOnlyList<WebhookAttempt>?> ListAttemptsAsync(Guid endpointId, int limit, CancellationToken cancellationToken = default);
}

/// <summary>One of a patient's appointments, with what a list needs to show it.</summary>
[GenerateSerializer, Immutable, Alias("Booking.PatientAppointment")]
public sealed record PatientAppointment(
    [property: Id(0)] Appointment Appointment,
    [property: Id(1)] DateTimeOffset StartsAt,
    [property: Id(2)] string DoctorName,
    [property: Id(3)] string TimeZone);

/// <summary>What a sign-in link opens: the address it was sent to and that address's appointments.</summary>
[GenerateSerializer, Immutable, Alias("Booking.PatientAppointments")]
public sealed record PatientAppointments(
    [property: Id(0)] string Email,
    [property: Id(1)] IReadOnlyList<PatientAppointment> Items);

/// <summary>"My appointments": single-use sign-in links by e-mail. A stateless worker: SQL only.</summary>
[Alias("Booking.IPatientLinkGrain")]
public interface IPatientLinkGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Queues a sign-in link for <paramref name="email"/> when it has appointments (and has not asked too often);
    /// otherwise does nothing. Answers the same either way, so callers learn nothing about the address.
    /// </summary>
    [Alias("RequestLink")]
    Task RequestLinkAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Uses up the link <paramref name="linkId"/>: its appointments, or null when it is unknown, used or expired.</summary>
    [Alias("Redeem")]
    Task<PatientAppointments?> RedeemAsync(Guid linkId, CancellationToken cancellationToken = default);
}
