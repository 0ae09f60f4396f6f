using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>A patient's calls through the Api: book, read, confirm, cancel, move. The one place tests write these requests.</summary>
public sealed class PatientApi(HttpClient http)
{
    /// <summary>The header that carries an appointment's access token.</summary>
    public const string TokenHeader = "X-Appointment-Token";

    /// <summary>A booking request body for <paramref name="slotId"/>, for patient number <paramref name="n"/>.</summary>
    public static object Booking(Guid slotId, int n = 1, string? email = null, string? name = null) => new
    {
        slot_id = slotId,
        patient_name = name ?? $"Patient {n}",
        patient_email = email ?? $"patient{n}@example.com",
        patient_phone = "+1 555 0100",
    };

    /// <summary>POST /api/appointments/book for <paramref name="slotId"/>; the answer, whatever it is.</summary>
    public Task<HttpResponseMessage> BookAsync(Guid slotId, int n = 1, string? email = null, string? name = null) =>
        http.PostAsJsonAsync("/api/appointments/book", Booking(slotId, n, email, name));

    /// <summary>Books <paramref name="slotId"/> and asserts 201; the appointment as answered.</summary>
    public async Task<BookedAppointment> BookedAsync(Guid slotId, int n = 1, string? email = null, string? name = null)
    {
        using var response = await BookAsync(slotId, n, email, name);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Booking {slotId} gave {(int)response.StatusCode}: {text}");
        return new BookedAppointment(JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A request about an appointment, carrying its token (when given) and a JSON body (when given).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add(TokenHeader, token);
        }

        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> ReadAsync(Guid id, string? token) => SendAsync(HttpMethod.Get, $"/api/appointments/{id}", token);

    /// <summary>PUT /api/appointments/{id}/<paramref name="change"/> (confirm or cancel) with the token.</summary>
    public Task<HttpResponseMessage> ChangeAsync(Guid id, string? token, string change) => SendAsync(HttpMethod.Put, $"/api/appointments/{id}/{change}", token);

    /// <summary>POST /api/appointments/{id}/reschedule to <paramref name="slotId"/> with the token.</summary>
    public Task<HttpResponseMessage> MoveAsync(Guid id, string? token, Guid slotId) =>
        SendAsync(HttpMethod.Post, $"/api/appointments/{id}/reschedule", token, new { slot_id = slotId });
}

/// <summary>A 201's appointment: its JSON, id and access token.</summary>
public sealed record BookedAppointment(JsonElement Body)
{
    public Guid Id => Body.GetProperty("id").GetGuid();

    public string Token => Body.GetProperty("access_token").GetString()!;

    public DateTimeOffset ExpiresAt => Body.GetProperty("expires_at").GetDateTimeOffset();

    public void Deconstruct(out Guid id, out string token) => (id, token) = (Id, Token);
}
