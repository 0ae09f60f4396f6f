using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// Booking traffic for the fault tests: workers book random slots (a few hot ones most often), each request with
/// its own Idempotency-Key, and retry a request with the same key and body as the API allows it. Every request's
/// final answer is kept so the database can be checked against what the clients were told.
/// </summary>
public sealed class BookingLoad(IReadOnlyList<HttpClient> apis, IReadOnlyList<Guid> slots, bool retryTransportErrors)
{
    /// <summary>How long one request may keep retrying before it counts as failed.</summary>
    public static readonly TimeSpan RequestBudget = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may take before the client gives up on it (a timeout).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    private const int HotSlots = 5;
    private const int MaxAttempts = 200;

    private readonly ConcurrentQueue<BookingResult> _results = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<DateTimeOffset> _unavailableAnswers = new();
    private long _retries503;
    private long _unavailableWithoutRetryAfter;
    private long _retriesUnknown;
    private long _retriesInProgress;
    private long _retriesTransport;
    private long _slowestSuccessTicks;

    /// <summary>Final answers: 201 (booked) and 409 slot-taken only.</summary>
    public IReadOnlyCollection<BookingResult> Results => _results;

    /// <summary>Requests whose final answer was neither 201 nor slot-taken, or that gave up; with why.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>503 answers that carried no Retry-After (each is also a failure: the contract promises one).</summary>
    public long UnavailableWithoutRetryAfter => Interlocked.Read(ref _unavailableWithoutRetryAfter);

    /// <summary>504 booking-outcome-unknown answers, each retried with the same key until it had a final answer.</summary>
    public long OutcomeUnknownAnswers => Interlocked.Read(ref _retriesUnknown);

    /// <summary>When each 503 (with Retry-After) arrived.</summary>
    public IReadOnlyCollection<DateTimeOffset> UnavailableAnswers => _unavailableAnswers;

    public IEnumerable<BookingResult> Booked => _results.Where(r => r.Status == HttpStatusCode.Created);

    public TimeSpan SlowestSuccess => TimeSpan.FromTicks(Interlocked.Read(ref _slowestSuccessTicks));

    /// <summary>One line of figures for the test output.</summary>
    public string Summary() =>
        $"requests {_results.Count + _failures.Count}, booked (201) {Booked.Count()}, slot taken (409) {_results.Count(r => r.Status == HttpStatusCode.Conflict)}, " +
        $"failed {_failures.Count}, retries after 503 {_retries503}, after 504 outcome unknown {_retriesUnknown}, after key-in-use {_retriesInProgress}, after timeout/connection error {_retriesTransport}, " +
        $"slowest success {SlowestSuccess.TotalSeconds:F1} s";

    /// <summary>Runs <paramref name="workers"/> workers per Api until <paramref name="stop"/> fires; each finishes its current request first.</summary>
    public async Task RunAsync(int workers, CancellationToken stop)
    {
        var tasks = apis.SelectMany((api, a) => Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(api, (a * 1000) + w, stop))));
        await Task.WhenAll(tasks);
    }

    private async Task WorkAsync(HttpClient api, int seed, CancellationToken stop)
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            // Half the requests go to a handful of hot slots: many callers on one slot grain at a time.
            var slot = random.Next(2) == 0 ? slots[random.Next(Math.Min(HotSlots, slots.Count))] : slots[random.Next(slots.Count)];
            await BookAsync(api, slot, Guid.NewGuid().ToString("N"), seed);
        }
    }

    /// <summary>
    /// One booking with the retries a well-behaved client makes (503 with Retry-After, 504 outcome unknown and key in use
    /// with the same key, transport errors when asked), recorded in <see cref="Results"/> or <see cref="Failures"/>.
    /// </summary>
    public async Task BookAsync(HttpClient api, Guid slotId, string key, int patient)
    {
        var started = Stopwatch.StartNew();
        var why = "no attempt made";
        for (var attempt = 1; attempt <= MaxAttempts && started.Elapsed < RequestBudget; attempt++)
        {
            using var request = BookRequest(slotId, key, patient);
            using var timeout = new CancellationTokenSource(AttemptTimeout);
            HttpResponseMessage response;
            try
            {
                response = await api.SendAsync(request, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                why = $"{e.GetType().Name}: {e.Message}";
                if (!retryTransportErrors)
                {
                    break;
                }

                Interlocked.Increment(ref _retriesTransport);
                await Task.Delay(500);
                continue;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                var type = ProblemType(body);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        Record(new BookingResult(key, slotId, HttpStatusCode.Created, JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()), started.Elapsed);
                        return;
                    case HttpStatusCode.Conflict when type == "/problems/slot-taken":
                        Record(new BookingResult(key, slotId, HttpStatusCode.Conflict, null), started.Elapsed);
                        return;
                    case HttpStatusCode.Conflict when type == "/problems/idempotency-key-in-use":
                        // The API says: the first request with this key is still running, retry shortly.
                        Interlocked.Increment(ref _retriesInProgress);
                        await Task.Delay(250);
                        continue;
                    case HttpStatusCode.ServiceUnavailable when RetryAfter(response) is { } seconds:
                        _unavailableAnswers.Enqueue(DateTimeOffset.UtcNow);
                        Interlocked.Increment(ref _retries503);
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(seconds, 2)));
                        continue;
                    case HttpStatusCode.GatewayTimeout when type == "/problems/booking-outcome-unknown":
                        // The API says: the answer was lost, the booking may stand; a retry with the same key tells.
                        Interlocked.Increment(ref _retriesUnknown);
                        await Task.Delay(250);
                        continue;
                    case HttpStatusCode.ServiceUnavailable:
                        Interlocked.Increment(ref _unavailableWithoutRetryAfter);
                        _failures.Enqueue($"slot {slotId} key {key} attempt {attempt}: 503 without Retry-After {body}");
                        return;
                    default:
                        _failures.Enqueue($"slot {slotId} key {key} attempt {attempt}: {(int)response.StatusCode} {body}");
                        return;
                }
            }
        }

        _failures.Enqueue($"slot {slotId} key {key}: gave up after {started.Elapsed.TotalSeconds:F1} s ({why})");
    }

    /// <summary>A booking of <paramref name="slotId"/> for patient number <paramref name="patient"/>, with the key.</summary>
    public static HttpRequestMessage BookRequest(Guid slotId, string key, int patient)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/appointments/book")
        {
            Content = JsonContent.Create(new
            {
                slot_id = slotId,
                patient_name = $"Patient {patient}",
                patient_email = $"patient{patient}@example.com",
                patient_phone = "+1 555 0101",
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private void Record(BookingResult result, TimeSpan took)
    {
        _results.Enqueue(result);
        long seen;
        while (took.Ticks > (seen = Interlocked.Read(ref _slowestSuccessTicks)) && Interlocked.CompareExchange(ref _slowestSuccessTicks, took.Ticks, seen) != seen)
        {
            // Another worker raised the maximum meanwhile; compare again.
        }
    }

    private static int? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;

    private static string? ProblemType(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates a doctor and <paramref name="count"/> five-minute slots a week ahead. The one place these tests make
    /// admin calls, so an admin token can be added here.
    /// </summary>
    public static async Task<Guid[]> CreateSlotsAsync(HttpClient admin, int count)
    {
        using var doctor = await admin.PostAsJsonAsync("/api/doctors", new
        {
            name = "Dr Fault",
            specialization = "General practice",
            email = $"fault-{Guid.NewGuid():N}@example.com",
            phone = "+1 555 0100",
        });
        var doctorBody = await doctor.Content.ReadAsStringAsync();
        Assert.True(doctor.StatusCode == HttpStatusCode.Created, $"Creating the doctor gave {(int)doctor.StatusCode}: {doctorBody}");
        var doctorId = JsonDocument.Parse(doctorBody).RootElement.GetProperty("id").GetGuid();

        var ids = new List<Guid>();
        const int PerDay = 150;
        for (var day = 0; ids.Count < count; day++)
        {
            var date = DateTime.UtcNow.AddDays(7 + day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var times = Enumerable.Range(0, Math.Min(PerDay, count - ids.Count))
                .Select(i => new TimeOnly(8, 0).AddMinutes(5 * i).ToString("HH:mm", CultureInfo.InvariantCulture)).ToArray();
            using var created = await admin.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, times, duration_minutes = 5 });
            var body = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"Creating slots gave {(int)created.StatusCode}: {body}");
            ids.AddRange(JsonDocument.Parse(body).RootElement.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        }

        return [.. ids];
    }
}

/// <summary>A request's final answer: 201 with the appointment it made (or replayed), or 409 slot taken.</summary>
public sealed record BookingResult(string Key, Guid SlotId, HttpStatusCode Status, Guid? AppointmentId);
