using System.Text.Json;
using Booking.LoadTest;

namespace Booking.LoadTest.Tests;

/// <summary>The seed-demo command without a server: its arguments, the plan of what it seeds, and how it reports.</summary>
public class DemoSeedTests
{
    [Fact]
    public void SeedDemoDefaultsToTheLocalApi()
    {
        var options = CommandLine.ParseSeedDemo([], out var error);

        Assert.Null(error);
        Assert.Equal(new Uri(LoadOptions.DefaultUrl), options!.BaseUrl);
        Assert.False(options.AllowRemote);
    }

    [Theory]
    [InlineData("--url", "http://127.0.0.1:6180")]
    [InlineData("--url=http://127.0.0.1:6180", null)]
    public void SeedDemoTakesTheApisUrl(string name, string? value)
    {
        var options = CommandLine.ParseSeedDemo(value is null ? [name] : [name, value], out var error);

        Assert.Null(error);
        Assert.Equal(new Uri("http://127.0.0.1:6180"), options!.BaseUrl);
    }

    [Fact]
    public void SeedDemoRefusesARemoteUrlUnlessAllowed()
    {
        Assert.Null(CommandLine.ParseSeedDemo(["--url", "http://10.0.0.5:5080"], out var error));
        Assert.Contains("not loopback", error);

        var allowed = CommandLine.ParseSeedDemo(["--url", "http://10.0.0.5:5080", "--allow-remote"], out error);
        Assert.Null(error);
        Assert.True(allowed!.AllowRemote);
    }

    [Theory]
    [InlineData("--requests", "5", "seed-demo takes only --url and --allow-remote")]
    [InlineData("--db", "Host=127.0.0.1", "seed-demo takes only --url and --allow-remote")]
    [InlineData("--url", "ftp://127.0.0.1", "--url must be an absolute http or https URL")]
    [InlineData("--url", null, "--url needs a value")]
    public void SeedDemoRefusesOtherArguments(string name, string? value, string expected)
    {
        Assert.Null(CommandLine.ParseSeedDemo(value is null ? [name] : [name, value], out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void TheScenarioParserPointsAtTheSeedDemoCommand()
    {
        Assert.Null(CommandLine.Parse(["seed-demo"], out var error));
        Assert.Contains("seed-demo", error);
        Assert.Contains("seed-demo  what ./run.sh --demo runs", CommandLine.Help);
    }

    [Fact]
    public void ThePlanIsThreeDoctorsOfOneClinicWithDistinctEmailsInUtc()
    {
        Assert.Equal(["Cardiology", "Dermatology", "Pediatrics"], DemoData.Doctors.Select(d => d.Specialization));
        Assert.Equal(3, DemoData.Doctors.Select(d => d.Email.ToLowerInvariant()).Distinct().Count());
        Assert.All(DemoData.Doctors, d => Assert.Equal(("Riverside Medical Center", "UTC"), (d.ClinicName, d.TimeZone)));
    }

    [Fact]
    public void ADoctorIsSentWithTheApisSnakeCaseNames()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(DemoData.Doctors[0], ApiClient.Wire));

        Assert.Equal(
            ["name", "specialization", "email", "phone", "experience_years", "bio", "clinic_name", "time_zone"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(14, json.RootElement.GetProperty("experience_years").GetInt32());
    }

    [Fact]
    public void TheWorkingHoursAreEveryDayFromNineToFiveInHalfHourSlots()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(DemoData.Hours, ApiClient.Wire));
        var root = json.RootElement;

        Assert.Equal(30, root.GetProperty("slot_minutes").GetInt32());
        var weekly = root.GetProperty("weekly").EnumerateArray().ToList();
        Assert.Equal(
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
            weekly.Select(p => p.GetProperty("weekday").GetString()));
        Assert.All(weekly, p => Assert.Equal(("09:00", "17:00"), (p.GetProperty("start_time").GetString(), p.GetProperty("end_time").GetString())));
    }

    [Fact]
    public void EachDayHasSixteenSlotsFromNineToHalfPastFour()
    {
        Assert.Equal(16, DemoData.SlotTimes.Count);
        Assert.Equal(new TimeOnly(9, 0), DemoData.SlotTimes[0]);
        Assert.Equal(new TimeOnly(16, 30), DemoData.SlotTimes[^1]);
        Assert.All(DemoData.SlotTimes.Zip(DemoData.SlotTimes.Skip(1)), p => Assert.Equal(TimeSpan.FromMinutes(30), p.Second - p.First));
        Assert.Contains("16 a day", DemoData.Description);
    }

    [Fact]
    public void ADoctorAlreadyThereIsFoundByItsEmailIgnoringCase()
    {
        var id = Guid.NewGuid();
        using var doctors = JsonDocument.Parse($$"""
            [{"id":"{{Guid.NewGuid()}}","email":"someone@example.com"},{"id":"{{id}}","email":"Amelia.Hart@Example.com"}]
            """);

        Assert.Equal(id, ApiClient.DoctorIdByEmail(doctors.RootElement, "amelia.hart@example.com"));
        Assert.Null(ApiClient.DoctorIdByEmail(doctors.RootElement, "rahul.mehta@example.com"));
    }

    [Fact]
    public void TheExitCodeIsOneWhenAnyDoctorFailed()
    {
        var id = Guid.NewGuid();
        SeededDoctor created = new(DemoData.Doctors[0], id, true, 896);
        SeededDoctor there = new(DemoData.Doctors[1], Guid.NewGuid(), false, 0);
        SeededDoctor failed = new(DemoData.Doctors[2], null, false, null, "POST /api/doctors answered 400: ...");

        Assert.Equal(0, DemoSeed.ExitCode([created, there]));
        Assert.Equal(1, DemoSeed.ExitCode([created, failed]));
        Assert.Contains($"created       id {id}; working hours set, 896 new slot(s)", created.Line);
        Assert.Contains("already there", there.Line);
        Assert.Contains("FAILED       : POST /api/doctors answered 400", failed.Line);
    }
}
