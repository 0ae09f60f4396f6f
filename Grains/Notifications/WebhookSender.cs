using Booking.Grains.Interfaces;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Booking.Grains.Notifications;

/// <summary>
/// Posts one event to one webhook endpoint, signed: <c>Booking-Signature: v1=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>
/// with <c>Booking-Timestamp</c> (Unix seconds) so receivers can refuse replays, and <c>Booking-Event-Id</c> (also in
/// the body) so they can drop a repeat: delivery is at least once. Any 2xx is success.
/// </summary>
public sealed class WebhookSender(HttpClient http)
{
    public const string SignatureHeader = "Booking-Signature";
    public const string TimestampHeader = "Booking-Timestamp";
    public const string EventIdHeader = "Booking-Event-Id";
    public const string AttemptHeader = "Booking-Attempt";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// The payload of <paramref name="outboxEvent"/>: ids and statuses, for a reschedule also the slots it moved between and
    /// the new local date and time (from <paramref name="movedTo"/>, null when that slot is gone), plus contact data only
    /// when the endpoint asked for it.
    /// </summary>
    public static string Payload(string eventType, OutboxEvent outboxEvent, MailAppointment? appointment, SlotPlace? movedTo, bool includeContactData) =>
        JsonSerializer.Serialize(new
        {
            EventId = outboxEvent.Id,
            Type = eventType,
            OccurredAt = outboxEvent.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            Appointment = new
            {
                Id = outboxEvent.AppointmentId,
                Status = outboxEvent.To.ToString().ToUpperInvariant(),
                PreviousStatus = outboxEvent.From?.ToString().ToUpperInvariant(),
                appointment?.SlotId,
                appointment?.DoctorId,
            },
            Reschedule = outboxEvent.ToSlotId is { } toSlotId
                ? new
                {
                    outboxEvent.FromSlotId,
                    ToSlotId = toSlotId,
                    movedTo?.DoctorId,
                    AppointmentDate = movedTo?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    AppointmentTime = movedTo?.Time.ToString("HH:mm", CultureInfo.InvariantCulture),
                    movedTo?.TimeZone,
                }
                : null,
            Patient = includeContactData && appointment is not null
                ? new { Name = appointment.PatientName, Email = appointment.PatientEmail, Phone = appointment.PatientPhone }
                : null,
        }, Json);

    /// <summary>The signature header's value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>Posts the payload; the HTTP status (null: no answer) and the error, null on success.</summary>
    public async Task<(int? StatusCode, string? Error)> SendAsync(
        WebhookTarget target, long eventId, int attempt, string body, DateTimeOffset now, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventIdHeader, eventId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, Sign(target.Secret, timestamp, body));
        request.Headers.Add(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token);
            var code = (int)response.StatusCode;
            return (code, response.IsSuccessStatusCode ? null : $"HTTP {code}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"timeout after {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return (null, e.HttpRequestError.ToString());
        }
    }
}
