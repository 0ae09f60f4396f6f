using System.Globalization;
using System.Text.Json;

namespace Booking.LoadTest;

/// <summary>What <c>seed-demo</c> was asked to do.</summary>
public sealed record SeedDemoOptions
{
    public Uri BaseUrl { get; init; } = new(LoadOptions.DefaultUrl);

    public bool AllowRemote { get; init; }
}

/// <summary>
/// The demo data of <c>./run.sh --demo</c>: three doctors of one clinic, each working every day from
/// <see cref="DayStart"/> to <see cref="DayEnd"/> in slots of <see cref="SlotMinutes"/> minutes. Working hours, not
/// hand-made slots: the silos create the free slots for their horizon (WorkingHours__HorizonDays) and roll it on daily.
/// </summary>
public static class DemoData
{
    public const string Clinic = "Riverside Medical Center";

    public const int SlotMinutes = 30;

    public static readonly TimeOnly DayStart = new(9, 0);

    public static readonly TimeOnly DayEnd = new(17, 0);

    public static IReadOnlyList<NewDoctor> Doctors { get; } =
    [
        new("Dr. Amelia Hart", "Cardiology", "amelia.hart@example.com", "+1-555-0101", 14,
            "Board-certified cardiologist focused on preventive heart care and hypertension.", Clinic),
        new("Dr. Rahul Mehta", "Dermatology", "rahul.mehta@example.com", "+1-555-0102", 9,
            "Dermatologist treating acne, eczema and skin cancer screening for all ages.", Clinic),
        new("Dr. Sofia Lindqvist", "Pediatrics", "sofia.lindqvist@example.com", "+1-555-0103", 11,
            "Pediatrician caring for newborns, children and teenagers, with a special interest in asthma.", Clinic),
    ];

    /// <summary>Every weekday, Monday to Sunday, from <see cref="DayStart"/> to <see cref="DayEnd"/>.</summary>
    public static WorkingHoursBody Hours { get; } = new(
        SlotMinutes,
        [.. Enumerable.Range(1, 7).Select(d => new WeeklyHours(
            ((DayOfWeek)(d % 7)).ToString().ToLowerInvariant(),
            DayStart.ToString("HH:mm", CultureInfo.InvariantCulture),
            DayEnd.ToString("HH:mm", CultureInfo.InvariantCulture)))]);

    /// <summary>The times of each day's slots: from <see cref="DayStart"/>, back to back, while they end by <see cref="DayEnd"/>.</summary>
    public static IReadOnlyList<TimeOnly> SlotTimes { get; } =
        [.. Enumerable.Range(0, (int)((DayEnd - DayStart).TotalMinutes / SlotMinutes)).Select(i => DayStart.AddMinutes(i * SlotMinutes))];

    /// <summary>The line that says what is seeded.</summary>
    public static string Description => string.Create(CultureInfo.InvariantCulture,
        $"demo data: {Doctors.Count} doctors of {Clinic}, working every day {DayStart:HH:mm}-{DayEnd:HH:mm} in {SlotMinutes}-minute slots " +
        $"({SlotTimes.Count} a day; the silos keep them for WorkingHours__HorizonDays days ahead)");
}

/// <summary>What seeding did for one demo doctor; <paramref name="Problem"/> says what went wrong, if anything did.</summary>
public sealed record SeededDoctor(NewDoctor Doctor, Guid? Id, bool Created, int? SlotsCreated, string? Problem = null)
{
    /// <summary>One line for the terminal.</summary>
    public string Line
    {
        get
        {
            var state = Problem is not null ? "FAILED" : Created ? "created" : "already there";
            var outcome = Problem is not null
                ? $": {Problem}"
                : string.Create(CultureInfo.InvariantCulture, $"; working hours set, {SlotsCreated} new slot(s)");
            return $"    {Doctor.Name,-20} {Doctor.Specialization,-12} {state,-13}{(Id is { } id ? $" id {id}" : "")}{outcome}";
        }
    }
}

/// <summary>The <c>seed-demo</c> command: <see cref="DemoData"/> into a running system, through its API.</summary>
public static class DemoSeed
{
    /// <summary>A bound on the whole command: it makes a handful of requests.</summary>
    private static readonly TimeSpan _timeLimit = TimeSpan.FromMinutes(5);

    /// <summary>Runs the command with the arguments after <c>seed-demo</c>; the exit code (0, 1 when a doctor failed, 2 when it could not start).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (CommandLine.ParseSeedDemo(args, out var error) is not { } options)
        {
            await Console.Error.WriteLineAsync($"Booking.LoadTest seed-demo: {error}");
            return 2;
        }

        using var api = new ApiClient(options.BaseUrl, 1, Environment.GetEnvironmentVariable(ApiClient.ExemptKeyVariable));
        using var limit = new CancellationTokenSource(_timeLimit);
        try
        {
            if (await api.ConnectAsAdminAsync(limit.Token) is { } refusal)
            {
                await Console.Error.WriteLineAsync($"Booking.LoadTest seed-demo: {refusal}");
                return 2;
            }

            Console.WriteLine($"==> {DemoData.Description}");
            List<SeededDoctor> seeded = [];
            foreach (var doctor in DemoData.Doctors)
            {
                var result = await SeedAsync(api, doctor, limit.Token);
                Console.WriteLine(result.Line);
                seeded.Add(result);
            }

            return ExitCode(seeded);
        }
        catch (Exception e) when (e is SetupException or HttpRequestException or TaskCanceledException or JsonException)
        {
            await Console.Error.WriteLineAsync($"Booking.LoadTest seed-demo: could not go on: {e.Message}");
            return 2;
        }
    }

    /// <summary>0 when every doctor was seeded, else 1.</summary>
    public static int ExitCode(IReadOnlyList<SeededDoctor> seeded) => seeded.All(s => s.Problem is null) ? 0 : 1;

    /// <summary>
    /// Creates the doctor, or finds it by its email when it is there already (409), and gives it <see cref="DemoData.Hours"/>
    /// (a PUT replaces them whole: the same hours again create nothing).
    /// </summary>
    private static async Task<SeededDoctor> SeedAsync(ApiClient api, NewDoctor doctor, CancellationToken ct)
    {
        var (status, id, detail) = await api.TryCreateDoctorAsync(doctor, ct);
        var created = id is not null;
        if (status == 409)
        {
            id = await api.FindDoctorByEmailAsync(doctor.Email, ct);
        }

        if (id is null)
        {
            return new SeededDoctor(doctor, null, false, null, $"POST /api/doctors answered {status}: {detail}");
        }

        var (hoursStatus, slots, hoursDetail) = await api.PutWorkingHoursAsync(id.Value, DemoData.Hours, ct);
        return slots is null
            ? new SeededDoctor(doctor, id, created, null, $"PUT /api/doctors/{id}/working-hours answered {hoursStatus}: {hoursDetail}")
            : new SeededDoctor(doctor, id, created, slots);
    }
}
