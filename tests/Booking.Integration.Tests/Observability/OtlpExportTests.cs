using Booking.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Booking.Integration.Tests.Observability;

/// <summary>Traces leave the process over OTLP when an endpoint is configured: a local receiver gets the request's spans.</summary>
public sealed class OtlpExportTests(ObservedSystem system) : IClassFixture<ObservedSystem>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WithAnOtlpEndpointTheApiExportsTheSpansOfARequest()
    {
        var port = FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        await using var api = new ApiFactory(system.Silo).WithWebHostBuilder(web => web
            .UseSetting("Telemetry:OtlpEndpoint", $"http://127.0.0.1:{port}/v1/traces")
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        using var http = TestAuth.Authorize(ContractChecked.Client(api));

        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/appointments/{Guid.NewGuid()}");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using (var response = await http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // The batch exporter sends every few seconds; a protobuf body holds the trace id as its 16 raw bytes.
        var wanted = Convert.FromHexString(traceId.ToHexString());
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
            if (path == "/v1/traces" && body.ToArray().AsSpan().IndexOf(wanted) >= 0)
            {
                return;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
