using Booking.Grains.Interfaces;
using Booking.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Observability;

/// <summary>
/// What an operator sees: the Booking meter and ASP.NET Core's on /metrics of the silo and the Api,
/// trace ids carried from an HTTP request into the grains' log lines, readiness, and no patient data in
/// any log line, metric label or span tag.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class ObservabilityTests(ObservedSystem system) : IClassFixture<ObservedSystem>
{
    // Recognisable fake patient data; none of it may appear anywhere an operator's tools look.
    private const string PatientName = "Zebulon Quixotemarmalade";
    private const string PatientEmail = "zebulon.quixotemarmalade@pii-marker.example";
    private const string PatientPhone = "+44 20 7946 0987";
    private const string Reason = "Marmalade-induced quixotic ankle";
    private static readonly string[] Pii = [PatientName, "Quixotemarmalade", PatientEmail, "pii-marker", PatientPhone, "7946 0987", "79460987", Reason, "quixotic ankle"];

    [Fact]
    public async Task SiloMetricsCountBookingAttemptsByOutcomeWithTheirLatency()
    {
        const int Bookings = 4;
        const int Losers = 3;
        var slots = await SlotsAsync(Bookings);
        var before = await Prometheus.ScrapeAsync(system.SiloHttp, "/metrics");

        foreach (var slot in slots)
        {
            using var won = await BookAsync(slot);
            Assert.Equal(HttpStatusCode.Created, won.StatusCode);
        }

        for (var i = 0; i < Losers; i++)
        {
            using var taken = await BookAsync(slots[0]);
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        }

        using (var unknown = await BookAsync(Guid.NewGuid()))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var after = await Prometheus.ScrapeAsync(system.SiloHttp, "/metrics");
        double Delta(string metric, string outcome) =>
            Prometheus.Sum(after, metric, ("outcome", outcome)) - Prometheus.Sum(before, metric, ("outcome", outcome));

        Assert.Equal(Bookings, Delta("booking_attempts_total", "won"));
        Assert.Equal(Losers, Delta("booking_attempts_total", "taken_from_memory"));
        Assert.Equal(1, Delta("booking_attempts_total", "not_found"));
        Assert.Equal(0, Delta("booking_attempts_total", "taken_in_db"));
        Assert.Equal(Bookings, Delta("booking_duration_seconds_count", "won"));
        Assert.True(Delta("booking_duration_seconds_sum", "won") > 0, "The latency histogram recorded no time.");
        Assert.Equal(Bookings, Prometheus.Sum(after, "booking_duration_seconds_bucket", ("outcome", "won"), ("le", "+Inf"))
            - Prometheus.Sum(before, "booking_duration_seconds_bucket", ("outcome", "won"), ("le", "+Inf")));

        // Every connection a booking opened has been given back (the expiry sweep, every second, may hold one at a scrape).
        await Eventually.AssertAsync(
            async () => Prometheus.Sum(await Prometheus.ScrapeAsync(system.SiloHttp, "/metrics"), "booking_db_connections_open") == 0,
            TimeSpan.FromSeconds(10), "booking_db_connections_open did not come back to 0");

        // Orleans', Npgsql's and the runtime's meters are exported too.
        Assert.NotEmpty(Prometheus.Samples(after, "orleans_catalog_activations"));
        Assert.Contains("db_client_", after, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiMetricsCountBookRequestsByRouteAndStatus()
    {
        const int Bookings = 3;
        var slots = await SlotsAsync(Bookings);
        var before = await Prometheus.ScrapeAsync(system.Http, "/metrics");
        foreach (var slot in slots)
        {
            using var won = await BookAsync(slot);
            Assert.Equal(HttpStatusCode.Created, won.StatusCode);
        }

        using (var taken = await BookAsync(slots[0]))
        {
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        }

        var after = await Prometheus.ScrapeAsync(system.Http, "/metrics");
        double Delta(string status) =>
            Prometheus.Sum(after, "http_server_request_duration_seconds_count", ("http_route", "/api/appointments/book"), ("http_response_status_code", status))
            - Prometheus.Sum(before, "http_server_request_duration_seconds_count", ("http_route", "/api/appointments/book"), ("http_response_status_code", status));

        Assert.Equal(Bookings, Delta("201"));
        Assert.Equal(1, Delta("409"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABookingsTraceIdReachesTheGrainsLogLinesAndTheGrainsFollowItsSampling(bool sampled)
    {
        var slot = (await SlotsAsync(1))[0];
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/appointments/book") { Content = JsonContent.Create(Patient(slot)) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-{(sampled ? "01" : "00")}");
        using var response = await system.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var appointmentId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var held = Assert.Single(system.SiloLogs.Entries, e => e.Text.Contains(appointmentId, StringComparison.Ordinal) && e.Text.Contains("held by appointment", StringComparison.Ordinal));
        Assert.Contains(traceId.ToString(), held.TraceIds);
        // Also across the silo's own calls: the slot's grain tells the appointment's (one-way, after the answer).
        List<Activity> GrainSpans() => system.Spans.Where(s => s.TraceId == traceId && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)).ToList();
        await Eventually.AssertAsync(
            () => Task.FromResult(GrainSpans().Any(s => s.DisplayName.Contains("TrackHold", StringComparison.Ordinal))), TimeSpan.FromSeconds(5), "The appointment grain's call is not in the booking's trace");
        Assert.All(GrainSpans(), s => Assert.Equal(sampled, s.Recorded));
    }

    [Fact]
    public async Task AGrainCallMadeInTheSiloUnderAnUnsampledTraceStaysInThatTrace()
    {
        // Work the silo starts itself (a reminder firing, say) and leaves unsampled: the grains it calls must not start
        // traces of their own, which would be sampled again at the ratio as traces without their start.
        var grains = system.Silo.Services.GetRequiredService<IGrainFactory>();
        using var work = new Activity("silo work").SetIdFormat(ActivityIdFormat.W3C).Start();
        Assert.False(work.Recorded);
        await grains.GetGrain<IDoctorGrain>(Guid.NewGuid()).GetAsync();
        work.Stop();

        var spans = system.Spans.Where(s => s.TraceId == work.TraceId && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)).ToList();
        Assert.Contains(spans, s => s.DisplayName.Contains("IDoctorGrain", StringComparison.Ordinal));
        Assert.All(spans, s => Assert.False(s.Recorded));
    }

    [Fact]
    public async Task NoPatientDataAppearsInAnyLogLineMetricLabelOrSpanTag()
    {
        var slots = await SlotsAsync(3);

        // Everything a patient's data passes through: booking (also a retried and a refused one),
        // reading, confirming, cancelling, listing by email (a query string), and invalid input.
        using var booked = await BookAsync(slots[0]);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointment = await booked.Content.ReadFromJsonAsync<JsonElement>();
        var appointmentId = appointment.GetProperty("id").GetString()!;
        using (var taken = await BookAsync(slots[0]))
        {
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        }

        using (var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/appointments/book") { Content = JsonContent.Create(Patient(slots[1])) })
        {
            keyed.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var first = await system.Http.SendAsync(keyed);
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        (await system.Http.GetAsync($"/api/appointments/{appointmentId}")).Dispose();
        (await system.Http.PutAsync($"/api/appointments/{appointmentId}/confirm", null)).Dispose();
        (await system.Http.PutAsync($"/api/appointments/{appointmentId}/cancel", null)).Dispose();
        (await system.AdminHttp.GetAsync($"/api/appointments?patient_email={Uri.EscapeDataString(PatientEmail)}")).Dispose();
        using (var invalid = await system.Http.PostAsJsonAsync("/api/appointments/book", new
        {
            slot_id = slots[2],
            patient_name = PatientName,
            patient_email = "zebulon.quixotemarmalade at pii-marker",
            patient_phone = PatientPhone,
            reason = Reason,
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        var apiMetrics = await Prometheus.ScrapeAsync(system.Http, "/metrics");
        var siloMetrics = await Prometheus.ScrapeAsync(system.SiloHttp, "/metrics");

        // The test sees what it inspects: the booking's own log line, spans of the book request.
        var logs = system.AllLogs.ToList();
        Assert.Contains(logs, e => e.Text.Contains(appointmentId, StringComparison.Ordinal));
        var spans = system.Spans.ToList();
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") as string == "/api/appointments/book");
        Assert.Contains(spans, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));

        foreach (var marker in Pii)
        {
            Assert.DoesNotContain(logs, e => e.Text.Contains(marker, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(marker, apiMetrics, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(marker, siloMetrics, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(spans, s => SpanText(s).Contains(marker, StringComparison.OrdinalIgnoreCase)
                || SpanText(s).Contains(Uri.EscapeDataString(marker), StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task SiloHealthIsLiveAndReadyWithTheDatabaseAndItsMembership()
    {
        using var live = await system.SiloHttp.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await system.SiloHttp.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        using var apiReady = await system.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, apiReady.StatusCode);
    }

    private static string SpanText(Activity span) =>
        string.Join(' ', [span.DisplayName, span.OperationName, .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"), .. span.Events.Select(e => e.Name)]);

    private static object Patient(Guid slot) => new
    {
        slot_id = slot,
        patient_name = PatientName,
        patient_email = PatientEmail,
        patient_phone = PatientPhone,
        reason = Reason,
    };

    private Task<HttpResponseMessage> BookAsync(Guid slot) => system.Http.PostAsJsonAsync("/api/appointments/book", Patient(slot));

    private async Task<Guid[]> SlotsAsync(int count)
    {
        using var doctor = await system.AdminHttp.PostAsJsonAsync("/api/doctors", new
        {
            name = "Dr Observed",
            specialization = "GP",
            email = $"observed-{Guid.NewGuid():N}@example.com",
            phone = "+1 555 0199",
        });
        Assert.Equal(HttpStatusCode.Created, doctor.StatusCode);
        var doctorId = (await doctor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var created = await system.AdminHttp.PostAsJsonAsync("/api/slots", new
        {
            doctor_id = doctorId,
            date = ApiFixture.FutureDate,
            times = Enumerable.Range(0, count).Select(i => new TimeOnly(9, 0).AddMinutes(30 * i).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToArray();
    }
}
