using Booking.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using System.Diagnostics;
using System.Net;

namespace Booking.Integration.Tests.Observability;

/// <summary>
/// Traces leave the process over OTLP when an endpoint is configured: a local receiver gets the spans of a request its
/// caller sampled, and none of one its caller did not (with no sampling of its own, ratio 0).
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class OtlpExportTests(ObservedSystem system) : IClassFixture<ObservedSystem>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WithAnOtlpEndpointTheApiExportsTheSpansOfSampledRequestsOnly()
    {
        var port = Ports.Free();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        await using var api = new ApiFactory(system.Silo).WithWebHostBuilder(web => web
            .UseSetting("Telemetry:OtlpEndpoint", $"http://127.0.0.1:{port}/v1/traces")
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("Telemetry:TraceSampleRatio", "0"));
        using var http = TestAuth.Authorize(ContractChecked.Client(api));

        // First a request its caller did not sample, then one it did: the exporter's batches follow the same order.
        var unsampled = await GetWithTraceAsync(http, sampled: false);
        var traceId = await GetWithTraceAsync(http, sampled: true);

        // The batch exporter sends every few seconds; a protobuf body holds the trace id as its 16 raw bytes.
        var wanted = Convert.FromHexString(traceId.ToHexString());
        var unwanted = Convert.FromHexString(unsampled.ToHexString());
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var next = receiver.GetContextAsync();
            var remaining = deadline - DateTime.UtcNow;
            Assert.True(remaining > TimeSpan.Zero && await Task.WhenAny(next, Task.Delay(remaining)) == next,
                $"No OTLP export carrying trace {traceId} arrived within {Patience}.");
            var context = await next;
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var path = context.Request.Url?.AbsolutePath;
            context.Response.StatusCode = 200;
            context.Response.Close();
            Assert.True(body.ToArray().AsSpan().IndexOf(unwanted) < 0, $"Trace {unsampled}, which its caller did not sample, was exported.");
            if (path == "/v1/traces" && body.ToArray().AsSpan().IndexOf(wanted) >= 0)
            {
                return;
            }
        }
    }

    private static async Task<ActivityTraceId> GetWithTraceAsync(HttpClient http, bool sampled)
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/appointments/{Guid.NewGuid()}");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-{(sampled ? "01" : "00")}");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        return traceId;
    }
}
