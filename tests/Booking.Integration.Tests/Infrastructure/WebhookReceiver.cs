using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on 127.0.0.1, written from Grains/Notifications/README.md's description of the scheme (not from the sender's code):
/// it checks <c>Booking-Signature: v1=hex(HMAC-SHA256(secret, "{Booking-Timestamp}.{body}"))</c> and a timestamp within
/// 5 minutes, records every request, and answers what the test tells it to (200 by default).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The URL to register.</summary>
    public string Url { get; }

    /// <summary>The secret the signatures are checked with.</summary>
    public string Secret { get; set; } = "receiver-secret-0123456789";

    /// <summary>Decides the answer to each request (after it is recorded); default 200.</summary>
    public Func<ReceivedWebhook, Task<int>> Respond { get; set; } = _ => Task.FromResult(200);

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var received = receiver!.Check(context.Request.Headers, body);
            receiver._received.Enqueue(received);
            context.Response.StatusCode = await receiver.Respond(received);
        });
        await app.StartAsync();
        var address = app.Urls.First();
        receiver = new WebhookReceiver(app, $"{address}/hooks");
        return receiver;
    }

    /// <summary>Waits (bounded) until a received request matches.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_received.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no matching webhook within the timeout; {_received.Count} received");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private ReceivedWebhook Check(IHeaderDictionary headers, string body)
    {
        var timestamp = headers["Booking-Timestamp"].ToString();
        var signature = headers["Booking-Signature"].ToString();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        var fresh = long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) <= 300;
        var valid = fresh && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected));
        using var json = JsonDocument.Parse(body);
        return new ReceivedWebhook(
            headers["Booking-Event-Id"].ToString(),
            json.RootElement.GetProperty("type").GetString()!,
            json.RootElement.GetProperty("appointment").GetProperty("id").GetGuid(),
            int.Parse(headers["Booking-Attempt"].ToString(), CultureInfo.InvariantCulture),
            valid,
            body);
    }
}

/// <summary>One request the receiver got, and whether its signature and timestamp checked out.</summary>
public sealed record ReceivedWebhook(string EventId, string Type, Guid AppointmentId, int Attempt, bool SignatureValid, string Body);
