using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Booking.LoadTest;

/// <summary>A slot this run created.</summary>
public sealed record CreatedSlot(Guid Id, DateOnly Date, TimeOnly Time);

/// <summary>The body of <c>POST /api/doctors</c>.</summary>
public sealed record NewDoctor(
    string Name, string Specialization, string Email, string Phone, int ExperienceYears, string Bio, string ClinicName, string TimeZone = "UTC");

/// <summary>The body of <c>PUT /api/doctors/{id}/working-hours</c>: slots of <paramref name="SlotMinutes"/> back to back in each weekly period.</summary>
public sealed record WorkingHoursBody(int SlotMinutes, IReadOnlyList<WeeklyHours> Weekly);

/// <summary>A weekday's period of work: <c>monday</c> ... <c>sunday</c>, local times HH:mm.</summary>
public sealed record WeeklyHours(string Weekday, string StartTime, string EndTime);

/// <summary>
/// The booking API over one shared HttpClient (SocketsHttpHandler, enough connections for the concurrency). Admin
/// calls (creating doctors and slots, listing appointments) carry the admin token from <see cref="SignInAsync"/>;
/// an appointment's own calls carry its access token; every call carries the rate-limit exemption key when given.
/// </summary>
public sealed class ApiClient : IDisposable
{
    public const int MaxPages = 10_000;

    /// <summary>Environment variable with the Api's Auth__AdminPassword (the tool signs in with it).</summary>
    public const string AdminPasswordVariable = "BOOKING_ADMIN_PASSWORD";

    /// <summary>Environment variable with the Api's RateLimit__ExemptKey (sent as X-RateLimit-Exempt).</summary>
    public const string ExemptKeyVariable = "BOOKING_RATELIMIT_EXEMPT_KEY";

    /// <summary>How often an admin write refused with 503 is sent, at most.</summary>
    private const int WriteTries = 5;

    /// <summary>The wire's JSON: snake_case names.</summary>
    public static readonly JsonSerializerOptions Wire = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;
    private string? _adminToken;

    public ApiClient(Uri baseUrl, int maxConcurrency, string? exemptKey = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(maxConcurrency, 1) + 8,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        if (!string.IsNullOrEmpty(exemptKey))
        {
            _http.DefaultRequestHeaders.Add("X-RateLimit-Exempt", exemptKey);
        }
    }

    /// <summary>POST /api/auth/token as the dev admin; later admin calls carry the token.</summary>
    public async Task SignInAsync(string password, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = "admin", ["password"] = password });
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/token", body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SetupException($"POST /api/auth/token answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var json = JsonDocument.Parse(text);
        _adminToken = json.RootElement.GetProperty("access_token").GetString();
    }

    /// <summary>
    /// Fails fast when the Api is not ready, then signs in as the admin with the password in
    /// <see cref="AdminPasswordVariable"/>. Null when signed in, else why not (a refused sign-in throws <see cref="SetupException"/>).
    /// </summary>
    public async Task<string?> ConnectAsAdminAsync(CancellationToken ct)
    {
        var status = await StatusOfAsync(HttpMethod.Get, "/health/ready", ct);
        if (status != 200)
        {
            return $"{BaseUrl}health/ready answered {status}; start the system first (./run.sh)";
        }

        if (Environment.GetEnvironmentVariable(AdminPasswordVariable) is not { Length: > 0 } password)
        {
            return $"set {AdminPasswordVariable} to the Api's Auth__AdminPassword: the tool creates its doctors and slots as the admin " +
                "(./run.sh keeps it in .data/auth.env as BOOKING_DEV_ADMIN_PASSWORD)";
        }

        await SignInAsync(password, ct);
        return null;
    }

    public Uri BaseUrl => _http.BaseAddress!;

    public void Dispose() => _http.Dispose();

    // ------------------------------------------------------------------ set-up

    /// <summary>Creates a doctor with a unique email (UTC time zone) and returns its id.</summary>
    public async Task<Guid> CreateDoctorAsync(string runId, string scenario, CancellationToken ct)
    {
        var doctor = new NewDoctor(
            $"Dr Load Test {scenario}", "Load testing", $"loadtest-{runId}-{scenario}@loadtest.example", "+1 555 0100", 1,
            $"Created by Booking.LoadTest run {runId}.", "Load Test Clinic");
        var (status, id, detail) = await TryCreateDoctorAsync(doctor, ct);
        return id ?? throw new SetupException($"POST /api/doctors answered {status}: {detail}");
    }

    /// <summary>POST /api/doctors: the status, and on 201 the new doctor's id (else the answer's body, shortened).</summary>
    public Task<(int Status, Guid? Id, string Detail)> TryCreateDoctorAsync(NewDoctor doctor, CancellationToken ct) =>
        WriteAsync(HttpMethod.Post, "/api/doctors", doctor, HttpStatusCode.Created, created => created.GetProperty("id").GetGuid(), ct);

    /// <summary>GET /api/doctors: the id of the doctor whose email is <paramref name="email"/>, or null when there is none.</summary>
    public async Task<Guid?> FindDoctorByEmailAsync(string email, CancellationToken ct)
    {
        using var response = await _http.GetAsync("/api/doctors", ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SetupException($"GET /api/doctors answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var json = JsonDocument.Parse(text);
        return DoctorIdByEmail(json.RootElement, email);
    }

    /// <summary>The id of the doctor in a <c>GET /api/doctors</c> answer whose email is <paramref name="email"/> (ignoring case), or null.</summary>
    public static Guid? DoctorIdByEmail(JsonElement doctors, string email) =>
        doctors.EnumerateArray()
            .Where(d => string.Equals(d.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase))
            .Select(d => (Guid?)d.GetProperty("id").GetGuid())
            .FirstOrDefault();

    /// <summary>PUT /api/doctors/{id}/working-hours: the status, and on 200 how many slots it created (else the answer's body, shortened).</summary>
    public Task<(int Status, int? SlotsCreated, string Detail)> PutWorkingHoursAsync(Guid doctorId, WorkingHoursBody hours, CancellationToken ct) =>
        WriteAsync(HttpMethod.Put, $"/api/doctors/{doctorId}/working-hours", hours, HttpStatusCode.OK, saved => saved.GetProperty("created").GetInt32(), ct);

    /// <summary>
    /// An admin write of <paramref name="body"/> (<see cref="SendWriteAsync"/>): the status, and on <paramref name="success"/>
    /// what <paramref name="read"/> takes from the answer (else the answer's body, shortened).
    /// </summary>
    private async Task<(int Status, T? Result, string Detail)> WriteAsync<T>(
        HttpMethod method, string path, object body, HttpStatusCode success, Func<JsonElement, T> read, CancellationToken ct)
        where T : struct
    {
        var (sent, _) = await SendWriteAsync(method, path, JsonSerializer.Serialize(body, Wire), ct);
        using var response = sent;
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != success)
        {
            return ((int)response.StatusCode, null, Shorten(text));
        }

        using var json = JsonDocument.Parse(text);
        return ((int)success, read(json.RootElement), "");
    }

    /// <summary>
    /// Creates <paramref name="count"/> slots of <paramref name="minutes"/> minutes for the doctor, day after day from
    /// <paramref name="firstDay"/>, each day from <paramref name="startTime"/> while they end by 23:55 (at most 2000 a request).
    /// </summary>
    public async Task<IReadOnlyList<CreatedSlot>> CreateSlotsAsync(
        Guid doctorId, DateOnly firstDay, int count, int minutes, TimeOnly startTime, CancellationToken ct)
    {
        var endTime = new TimeOnly(23, 55);
        var perDay = (int)((endTime - startTime).TotalMinutes / minutes);
        if (perDay < 1)
        {
            throw new SetupException("the slot length leaves no room for a slot in a day");
        }

        var daysPerRequest = Math.Max(1, 2000 / perDay);
        List<CreatedSlot> slots = [];
        var day = firstDay;
        while (slots.Count < count)
        {
            var remainingDays = (int)Math.Ceiling((count - slots.Count) / (double)perDay);
            var days = Math.Min(daysPerRequest, remainingDays);
            var body = string.Create(CultureInfo.InvariantCulture, $$"""
                {"doctor_id":"{{doctorId}}","start_date":"{{day:yyyy-MM-dd}}","end_date":"{{day.AddDays(days - 1):yyyy-MM-dd}}",
                 "start_time":"{{startTime:HH\:mm}}","end_time":"{{endTime:HH\:mm}}","slot_minutes":{{minutes}}}
                """);
            slots.AddRange(await CreateDaysAsync(doctorId, day, days, body, ct));
            day = day.AddDays(days);
        }

        return slots.OrderBy(s => s.Date).ThenBy(s => s.Time).Take(count).ToList();
    }

    /// <summary>
    /// One POST /api/slots of <paramref name="days"/> days (a 503 is sent again: <see cref="SendWriteAsync"/>). When a
    /// retry finds the slots already there (409 duplicate-slot: the refused attempt committed after all; the doctor is
    /// this run's own), they are read back.
    /// </summary>
    private async Task<IReadOnlyList<CreatedSlot>> CreateDaysAsync(Guid doctorId, DateOnly day, int days, string body, CancellationToken ct)
    {
        var (sent, tries) = await SendWriteAsync(HttpMethod.Post, "/api/slots", body, ct);
        using var response = sent;
        var text = await response.Content.ReadAsStringAsync(ct);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created:
                using (var json = JsonDocument.Parse(text))
                {
                    return json.RootElement.GetProperty("slots").EnumerateArray().Select(ReadSlot).ToList();
                }

            case HttpStatusCode.Conflict when tries > 1:
                try
                {
                    List<CreatedSlot> existing = [];
                    for (var d = 0; d < days; d++)
                    {
                        existing.AddRange(await ListSlotsAsync(doctorId, day.AddDays(d), all: true, ReadSlot, ct));
                    }

                    return existing;
                }
                catch (CheckReadException e)
                {
                    throw new SetupException($"reading back the slots a refused POST /api/slots made: {e.Message}");
                }

            default:
                throw new SetupException($"POST /api/slots answered {(int)response.StatusCode}{(tries > 1 ? $" (try {tries})" : "")}: {Shorten(text)}");
        }
    }

    /// <summary>
    /// An admin write. A cold system with a short Orleans__ResponseTimeout may answer 503, which commits nothing: the
    /// request is sent again after Retry-After (at most 10 s), <see cref="WriteTries"/> times at most. The last answer
    /// and how many tries it took.
    /// </summary>
    private async Task<(HttpResponseMessage Response, int Tries)> SendWriteAsync(HttpMethod method, string path, string body, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await SendAsync(method, path, body, ct, admin: true);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == WriteTries)
            {
                return (response, attempt);
            }

            var delay = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(delay < TimeSpan.FromSeconds(10) ? delay : TimeSpan.FromSeconds(10), ct);
        }
    }

    // ------------------------------------------------------------------ measured requests

    /// <summary>POST /api/appointments/book of a slot; the status, and for a 201 the new appointment.</summary>
    public async Task<(int Status, CreatedAppointment? Created)> BookAsync(Guid slotId, int patient, CancellationToken ct)
    {
        var answer = await SendBookingAsync(slotId, patient, readProblem: false, ct);
        return (answer.Status, answer.Status == 201 ? answer.Appointment : null);
    }

    /// <summary>
    /// POST /api/appointments/book of a slot, with everything the spike judges: the status, a problem's <c>type</c>,
    /// whether <c>Retry-After</c> came, and the appointment the answer names (201: made; 504 outcome-unknown: perhaps).
    /// </summary>
    public Task<BookingAnswer> BookWithAnswerAsync(Guid slotId, int patient, CancellationToken ct) =>
        SendBookingAsync(slotId, patient, readProblem: true, ct);

    private async Task<BookingAnswer> SendBookingAsync(Guid slotId, int patient, bool readProblem, CancellationToken ct)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $$"""
            {"slot_id":"{{slotId}}","patient_name":"Load Patient {{patient}}","patient_email":"patient{{patient}}@loadtest.example","patient_phone":"+1 555 0101","reason":"load test"}
            """);
        using var response = await SendAsync(HttpMethod.Post, "/api/appointments/book", body, ct);
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter is not null;
        if (status != 201 && !readProblem)
        {
            await response.Content.CopyToAsync(Stream.Null, ct);
            return new BookingAnswer(status, RetryAfter: retryAfter);
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        if (status == 201)
        {
            using var created = JsonDocument.Parse(text);
            var root = created.RootElement;
            return new BookingAnswer(201, Appointment: new CreatedAppointment(
                root.GetProperty("id").GetGuid(), root.GetProperty("slot_id").GetGuid(), root.GetProperty("access_token").GetString()));
        }

        return BookingAnswer.FromProblem(status, retryAfter, slotId, text);
    }

    /// <summary>A request (with the appointment's access token, when given) whose body is read and dropped; its status.</summary>
    public async Task<int> StatusOfAsync(HttpMethod method, string path, CancellationToken ct, CreatedAppointment? appointment = null)
    {
        using var request = new HttpRequestMessage(method, path);
        Authorize(request, admin: false, appointment);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await response.Content.CopyToAsync(Stream.Null, ct);
        return (int)response.StatusCode;
    }

    // ------------------------------------------------------------------ reading back

    /// <summary>GET /api/appointments/{id} with its access token: the status, and on 200 the appointment (else the body, shortened).</summary>
    public async Task<AppointmentRead> ReadAppointmentAsync(CreatedAppointment created, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/appointments/{created.Id}", null, ct, appointment: created);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new AppointmentRead((int)response.StatusCode, null, Shorten(text));
        }

        using var json = JsonDocument.Parse(text);
        return new AppointmentRead(200, ReadAppointment(json.RootElement));
    }

    /// <summary>How long the appointment's hold has left by the server's clock (expires_at - now); zero when it has none.</summary>
    public async Task<TimeSpan> HoldRemainingAsync(CreatedAppointment created, CancellationToken ct)
    {
        var id = created.Id;
        using var response = await SendAsync(HttpMethod.Get, $"/api/appointments/{id}", null, ct, appointment: created);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new CheckReadException($"GET /api/appointments/{id} answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        if (!root.TryGetProperty("expires_at", out var expires) || expires.ValueKind != JsonValueKind.String)
        {
            return TimeSpan.Zero;
        }

        var remaining = expires.GetDateTimeOffset() - root.GetProperty("now").GetDateTimeOffset();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>GET /api/appointments?doctor_id=&amp;status= through every page (200 a page, bounded).</summary>
    public async Task<IReadOnlyList<ObservedAppointment>> ListAppointmentsAsync(Guid doctorId, string status, CancellationToken ct)
    {
        List<ObservedAppointment> all = [];
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var path = $"/api/appointments?doctor_id={doctorId}&status={status}&limit=200"
                + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await SendAsync(HttpMethod.Get, path, null, ct, admin: true);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new CheckReadException($"GET {path} answered {(int)response.StatusCode}: {Shorten(text)}");
            }

            using var json = JsonDocument.Parse(text);
            all.AddRange(json.RootElement.GetProperty("items").EnumerateArray().Select(ReadAppointment));
            cursor = json.RootElement.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            if (cursor is null)
            {
                return all;
            }
        }

        throw new CheckReadException($"GET /api/appointments?doctor_id={doctorId}&status={status} had more than {MaxPages} pages");
    }

    /// <summary>The doctor's active appointments: PENDING, then CONFIRMED, each listed through every page.</summary>
    public async Task<IReadOnlyList<ObservedAppointment>> ListActiveAppointmentsAsync(Guid doctorId, CancellationToken ct) =>
        [.. await ListAppointmentsAsync(doctorId, "PENDING", ct), .. await ListAppointmentsAsync(doctorId, "CONFIRMED", ct)];

    /// <summary>GET /api/slots?doctor_id=&amp;date=[&amp;include=all]: the listed slots with their availability.</summary>
    public Task<IReadOnlyList<ObservedSlot>> ListSlotsAsync(Guid doctorId, DateOnly date, bool all, CancellationToken ct) =>
        ListSlotsAsync(doctorId, date, all, s => new ObservedSlot(s.GetProperty("id").GetGuid(), s.GetProperty("is_available").GetBoolean()), ct);

    private async Task<IReadOnlyList<T>> ListSlotsAsync<T>(Guid doctorId, DateOnly date, bool all, Func<JsonElement, T> read, CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/api/slots?doctor_id={doctorId}&date={date:yyyy-MM-dd}") + (all ? "&include=all" : "");
        using var response = await _http.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new CheckReadException($"GET {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.EnumerateArray().Select(read).ToList();
    }

    /// <summary>Sends a request, as the admin (<paramref name="admin"/>) or the holder of <paramref name="appointment"/>'s token.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? jsonBody, CancellationToken ct, bool admin = false, CreatedAppointment? appointment = null)
    {
        using var request = new HttpRequestMessage(method, path);
        Authorize(request, admin, appointment);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(request, ct);
    }

    private void Authorize(HttpRequestMessage request, bool admin, CreatedAppointment? appointment)
    {
        if (appointment?.AccessToken is { } token)
        {
            request.Headers.Add("X-Appointment-Token", token);
        }
        else if (admin || appointment is not null)
        {
            if (_adminToken is null)
            {
                throw new SetupException($"this needs an admin token: set {AdminPasswordVariable} to the Api's Auth__AdminPassword");
            }

            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _adminToken);
        }
    }

    private static ObservedAppointment ReadAppointment(JsonElement a) =>
        new(a.GetProperty("id").GetGuid(), a.GetProperty("slot_id").GetGuid(), a.GetProperty("status").GetString() ?? "?");

    private static CreatedSlot ReadSlot(JsonElement s) => new(
        s.GetProperty("id").GetGuid(),
        DateOnly.ParseExact(s.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly.ParseExact(s.GetProperty("time").GetString()!, "HH:mm", CultureInfo.InvariantCulture));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}

/// <summary>
/// The answer to one booking attempt. <paramref name="ProblemType"/> is a problem answer's <c>type</c>;
/// <paramref name="RetryAfter"/> whether the answer had a <c>Retry-After</c> header; <paramref name="Appointment"/> the
/// appointment it names: a 201's, or a 504 outcome-unknown's <c>appointment_id</c> and <c>access_token</c> (on the
/// booked slot), which a later read resolves.
/// </summary>
public sealed record BookingAnswer(int Status, string? ProblemType = null, bool RetryAfter = false, CreatedAppointment? Appointment = null)
{
    public const string SlotTaken = "/problems/slot-taken";
    public const string ServiceUnavailable = "/problems/service-unavailable";
    public const string OutcomeUnknown = "/problems/booking-outcome-unknown";

    /// <summary>A 504 whose booking may or may not have committed.</summary>
    public bool IsOutcomeUnknown => Status == 504 && ProblemType == OutcomeUnknown;

    /// <summary>Reads a problem answer's body: its <c>type</c>, and a 504 outcome-unknown's appointment (null when it lacks one).</summary>
    public static BookingAnswer FromProblem(int status, bool retryAfter, Guid slotId, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new BookingAnswer(status, RetryAfter: retryAfter);
            }

            var type = Text(root, "type");
            CreatedAppointment? appointment = null;
            if (status == 504 && type == OutcomeUnknown
                && Guid.TryParse(Text(root, "appointment_id"), out var id) && Text(root, "access_token") is { Length: > 0 } token)
            {
                appointment = new CreatedAppointment(id, slotId, token);
            }

            return new BookingAnswer(status, type, retryAfter, appointment);
        }
        catch (JsonException)
        {
            return new BookingAnswer(status, RetryAfter: retryAfter);
        }

        static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}

/// <summary>An appointment read by its id: the status, the appointment on 200, else what the body said.</summary>
public sealed record AppointmentRead(int Status, ObservedAppointment? Appointment, string? Detail = null);

/// <summary>The run could not be set up (creating its doctor or slots failed).</summary>
public sealed class SetupException(string message) : Exception(message);

/// <summary>Reading back for the checks failed.</summary>
public sealed class CheckReadException(string message) : Exception(message);
