using Booking.Integration.Tests.Infrastructure;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// The demo data of <c>./run.sh --demo</c>: the load tool's <c>seed-demo</c> command run as run.sh runs it (the built
/// Booking.LoadTest.dll, a process of its own) against the real Api on a real port, and what it made read back through the API.
/// </summary>
[Collection(QuietApiCollection.Name)]
public sealed class DemoSeedTests(QuietApiFixture fixture) : IAsyncLifetime
{
    private static readonly string[] _demoEmails = ["amelia.hart@example.com", "rahul.mehta@example.com", "sofia.lindqvist@example.com"];

    private static readonly string[] _weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private ApiFactory _api = null!;
    private Uri _url = null!;

    public Task InitializeAsync()
    {
        _api = new ApiFactory(fixture.Silo);
        _url = _api.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task SeedDemoMakesThreeDoctorsWorkingEveryDayInHalfHourSlotsAndRunningItAgainChangesNothing()
    {
        var (exitCode, output) = await SeedDemoAsync(TestAuth.AdminPassword);
        Assert.True(exitCode == 0, $"seed-demo exited with {exitCode}:\n{output}");

        var doctors = await DemoDoctorsAsync();
        Assert.Equal(_demoEmails, doctors.Keys.Order());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var tomorrowsSlots = new Dictionary<Guid, Guid[]>();
        foreach (var id in doctors.Values)
        {
            var hours = await GetAsync($"/api/doctors/{id}/working-hours");
            Assert.Equal(30, hours.GetProperty("slot_minutes").GetInt32());
            Assert.Equal(
                _weekdays.Select(d => ((string?)d, (string?)"09:00", (string?)"17:00")),
                hours.GetProperty("weekly").EnumerateArray().Select(p =>
                    (p.GetProperty("weekday").GetString(), p.GetProperty("start_time").GetString(), p.GetProperty("end_time").GetString())));

            // Tomorrow and a week on (the span the demo used to publish by hand): 16 free slots, 09:00 to 16:30.
            foreach (var day in new[] { today.AddDays(1), today.AddDays(7) })
            {
                var free = await SlotsAsync(id, day, all: false);
                Assert.Equal(AdminApi.Times(16), free.Select(s => s.GetProperty("time").GetString()));
                Assert.All(free, s => Assert.Equal(30, s.GetProperty("duration_minutes").GetInt32()));
            }

            tomorrowsSlots[id] = [.. (await SlotsAsync(id, today.AddDays(1), all: true)).Select(s => s.GetProperty("id").GetGuid())];
        }

        (exitCode, output) = await SeedDemoAsync(TestAuth.AdminPassword);

        Assert.True(exitCode == 0, $"seed-demo exited with {exitCode} the second time:\n{output}");
        Assert.Equal(3, output.Split('\n').Count(line => line.Contains("already there", StringComparison.Ordinal) && line.Contains("0 new slot(s)", StringComparison.Ordinal)));
        Assert.Equal(doctors, await DemoDoctorsAsync());
        foreach (var (id, slots) in tomorrowsSlots)
        {
            Assert.Equal(slots, (await SlotsAsync(id, today.AddDays(1), all: true)).Select(s => s.GetProperty("id").GetGuid()));
        }
    }

    [Fact]
    public async Task SeedDemoWithAWrongAdminPasswordExitsWithTwoAndSaysWhy()
    {
        var (exitCode, output) = await SeedDemoAsync("not-the-admin-password");

        Assert.True(exitCode == 2, $"seed-demo exited with {exitCode}:\n{output}");
        Assert.Contains("POST /api/auth/token answered 401", output, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>dotnet Booking.LoadTest.dll seed-demo --url ...</c> with the admin password given; its exit code and output.</summary>
    private async Task<(int ExitCode, string Output)> SeedDemoAsync(string adminPassword)
    {
        var dll = Path.Combine(SystemProcesses.RepositoryRoot(), "tests", "Booking.LoadTest", "bin", "Release", "net10.0", "Booking.LoadTest.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution in Release first (./test.sh does).");
        var start = new ProcessStartInfo("dotnet", [dll, "seed-demo", "--url", _url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BOOKING_ADMIN_PASSWORD"] = adminPassword;
        start.Environment.Remove("BOOKING_RATELIMIT_EXEMPT_KEY");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"seed-demo did not finish within 2 minutes:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The demo doctors in GET /api/doctors: email to id.</summary>
    private async Task<Dictionary<string, Guid>> DemoDoctorsAsync()
    {
        var doctors = await GetAsync("/api/doctors");
        var demo = doctors.EnumerateArray().Where(d => _demoEmails.Contains(d.GetProperty("email").GetString())).ToList();
        Assert.Equal(demo.Count, demo.Select(d => d.GetProperty("email").GetString()).Distinct().Count());
        return demo.ToDictionary(d => d.GetProperty("email").GetString()!, d => d.GetProperty("id").GetGuid());
    }

    private async Task<JsonElement[]> SlotsAsync(Guid doctorId, DateOnly date, bool all) =>
        [.. (await GetAsync($"/api/slots?doctor_id={doctorId}&date={date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(all ? "&include=all" : "")}")).EnumerateArray()];

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await fixture.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
