using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Booking.Api.Contracts;

/// <summary>Body of <c>POST /api/my-appointments/link</c>.</summary>
/// <param name="Email">The address the appointments were booked with.</param>
public sealed record SignInLinkRequest([property: Required, MaxLength(255)] string? Email);

/// <summary>The answer to a sign-in link request: always the same, whether or not the address is known.</summary>
public sealed record SignInLinkAccepted(string Message);

/// <summary>Body of <c>POST /api/my-appointments</c>.</summary>
/// <param name="Token">The token of the e-mailed sign-in link (the part after <c>#token=</c>).</param>
public sealed record MyAppointmentsRequest([property: Required, MaxLength(200)] string? Token);

/// <summary>A patient's appointments, each with the access token that opens it; upcoming soonest first, past newest first.</summary>
public sealed record MyAppointmentsResponse(string Email, IReadOnlyList<MyAppointmentResponse> Upcoming, IReadOnlyList<MyAppointmentResponse> Past);

/// <summary>One of a patient's appointments. <c>starts_at</c> is UTC; date and time are the doctor's local ones.</summary>
public sealed record MyAppointmentResponse(
    Guid Id,
    Guid DoctorId,
    string DoctorName,
    string AppointmentDate,
    string AppointmentTime,
    string TimeZone,
    DateTimeOffset StartsAt,
    string Status,
    string AccessToken)
{
    public static MyAppointmentResponse From(PatientAppointment item, string accessToken) => new(
        item.Appointment.Id, item.Appointment.DoctorId, item.DoctorName, ApiFormat.Date(item.Appointment.Date), ApiFormat.Time(item.Appointment.Time),
        item.TimeZone, item.StartsAt, item.Appointment.Status.ToString().ToUpperInvariant(), accessToken);
}

/// <summary>Body of <c>POST /api/webhooks</c>.</summary>
/// <param name="Url">Absolute http or https URL that receives a signed POST per event; at most 2000 characters.</param>
/// <param name="Events">Event types: appointment.booked, appointment.confirmed, appointment.rescheduled, appointment.cancelled, appointment.expired.</param>
/// <param name="Secret">The signing secret, 16 to 200 visible ASCII characters; omitted: one is generated and returned once.</param>
/// <param name="IncludeContactData">True to add the patient's name, e-mail and phone to payloads (default false: ids and statuses only).</param>
public sealed record WebhookRequest(
    [property: Required, MaxLength(2000)] string? Url,
    [property: Required, MinLength(1)] string[]? Events,
    [property: MinLength(16), MaxLength(200)] string? Secret = null,
    bool? IncludeContactData = null)
{
    /// <summary>The validated endpoint, or null with the reasons in <paramref name="errors"/>.</summary>
    public WebhookEndpointDraft? Validate(FieldErrors errors)
    {
        var url = errors.Text("url", Url, 2000, required: true);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0))
        {
            errors.Add("url", "must be an absolute http or https URL without user name or password.");
        }

        if (Events is not { Length: > 0 })
        {
            errors.Add("events", $"must list at least one of {string.Join(", ", WebhookEvents.All)}.");
        }
        else if (Events.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown)
        {
            errors.Add("events", $"'{(unknown.Length > 40 ? unknown[..40] : unknown)}' is not an event type; use {string.Join(", ", WebhookEvents.All)}.");
        }

        if (Secret is not null && (Secret.Length is < 16 or > 200 || Secret.Any(c => c is < '!' or > '~')))
        {
            errors.Add("secret", "must be 16 to 200 visible ASCII characters (or left out to have one generated).");
        }

        return errors.IsEmpty
            ? new WebhookEndpointDraft(url!, Events!.Distinct().ToList(), Secret ?? "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), IncludeContactData ?? false)
            : null;
    }
}

/// <summary>A webhook endpoint. <c>secret</c> appears only in the answer that created it.</summary>
public sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> Events, bool IncludeContactData, DateTimeOffset CreatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    public static WebhookResponse From(WebhookEndpoint e) => new(e.Id, e.Url, e.Events, e.IncludeContactData, e.CreatedAt);
}

/// <summary>Every registered webhook endpoint.</summary>
public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items);

/// <summary>One delivery attempt, and the status of its delivery now (PENDING: will be tried again; SENT; DEAD: given up).</summary>
public sealed record WebhookAttemptResponse(
    long Id, long DeliveryId, long? EventId, string EventType, Guid? AppointmentId, int Attempt, DateTimeOffset At,
    int? StatusCode, int DurationMs, bool Succeeded, string? Error, string DeliveryStatus)
{
    public static WebhookAttemptResponse From(WebhookAttempt a) => new(
        a.Id, a.DeliveryId, a.EventId, a.EventType, a.AppointmentId, a.Attempt, a.At, a.StatusCode, a.DurationMs, a.Succeeded, a.Error, a.DeliveryStatus);
}

/// <summary>An endpoint's latest delivery attempts, newest first.</summary>
public sealed record WebhookAttemptListResponse(IReadOnlyList<WebhookAttemptResponse> Items);
