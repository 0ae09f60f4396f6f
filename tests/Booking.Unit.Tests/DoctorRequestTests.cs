using Booking.Api.Contracts;
using Booking.Grains.Interfaces;

namespace Booking.Unit.Tests;

public sealed class DoctorRequestTests
{
    private readonly FieldErrors _errors = new();

    private static DoctorRequest Doctor(
        string? name = "Dr. Lena Vogel",
        string? specialization = "Cardiology",
        string? email = "lena.vogel@clinic.example",
        string? phone = "+49 30 555 0100",
        int? experienceYears = 12,
        string? bio = "Twelve years in cardiology.\nSpeaks German and English.",
        string? clinicName = "Charité Mitte",
        string? timeZone = "Europe/Berlin") =>
        new(name, specialization, email, phone, experienceYears, bio, clinicName, timeZone);

    private string[] Keys() => [.. _errors.ToDictionary().Keys.Order(StringComparer.Ordinal)];

    private void AssertRejectedOn(DoctorRequest request, params string[] fields)
    {
        Assert.Null(request.Validate(_errors));
        Assert.Equal(fields.Order(StringComparer.Ordinal), Keys());
    }

    [Fact]
    public void AFullProfileIsAcceptedAsGiven()
    {
        var profile = Doctor().Validate(_errors);

        Assert.True(_errors.IsEmpty);
        Assert.Equal(
            new DoctorProfile(
                "Dr. Lena Vogel", "Cardiology", "lena.vogel@clinic.example", "+49 30 555 0100", 12,
                "Twelve years in cardiology.\nSpeaks German and English.", "Charité Mitte", "Europe/Berlin"),
            profile);
    }

    [Fact]
    public void TheOptionalFieldsMayBeLeftOutAndTheTimeZoneDefaultsToUtc()
    {
        var profile = Doctor(experienceYears: null, bio: null, clinicName: "  ", timeZone: null).Validate(_errors);

        Assert.True(_errors.IsEmpty);
        Assert.NotNull(profile);
        Assert.Null(profile.ExperienceYears);
        Assert.Null(profile.Bio);
        Assert.Null(profile.ClinicName);
        Assert.Equal("UTC", profile.TimeZone);
    }

    [Fact]
    public void TextFieldsAreTrimmed()
    {
        var profile = Doctor(name: "  Dr. Lena Vogel ", specialization: " Cardiology", clinicName: "Charité Mitte  ").Validate(_errors);

        Assert.NotNull(profile);
        Assert.Equal("Dr. Lena Vogel", profile.Name);
        Assert.Equal("Cardiology", profile.Specialization);
        Assert.Equal("Charité Mitte", profile.ClinicName);
    }

    [Fact]
    public void AnEmptyRequestNamesEveryRequiredField()
    {
        AssertRejectedOn(new DoctorRequest(null, null, null, null, null, null, null, null), "email", "name", "phone", "specialization");
    }

    [Fact]
    public void ASpecializationOver100CharactersIsRejected()
    {
        Assert.NotNull(Doctor(specialization: new string('s', 100)).Validate(_errors));

        AssertRejectedOn(Doctor(specialization: new string('s', 101)), "specialization");
    }

    [Fact]
    public void ANameOver255CharactersIsRejected()
    {
        AssertRejectedOn(Doctor(name: new string('n', 256)), "name");
    }

    [Fact]
    public void AClinicNameOver255CharactersIsRejected()
    {
        AssertRejectedOn(Doctor(clinicName: new string('c', 256)), "clinic_name");
    }

    [Fact]
    public void ABioOver4000CharactersIsRejected()
    {
        Assert.NotNull(Doctor(bio: new string('b', 4000)).Validate(_errors));

        AssertRejectedOn(Doctor(bio: new string('b', 4001)), "bio");
    }

    [Fact]
    public void ABioWithAControlCharacterOtherThanALineBreakOrTabIsRejected()
    {
        AssertRejectedOn(Doctor(bio: "Cardiology\u0007"), "bio");
    }

    [Fact]
    public void AClinicNameWithALineBreakIsRejected()
    {
        AssertRejectedOn(Doctor(clinicName: "Charité\nMitte"), "clinic_name");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(81)]
    public void ExperienceOutsideZeroToEightyYearsIsRejected(int years)
    {
        AssertRejectedOn(Doctor(experienceYears: years), "experience_years");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(80)]
    public void ExperienceOfZeroToEightyYearsIsAccepted(int years)
    {
        Assert.Equal(years, Doctor(experienceYears: years).Validate(_errors)?.ExperienceYears);
    }

    [Fact]
    public void AMalformedEmailIsRejected()
    {
        AssertRejectedOn(Doctor(email: "lena.vogel"), "email");
    }

    [Fact]
    public void AMalformedPhoneIsRejected()
    {
        AssertRejectedOn(Doctor(phone: "ext. 12"), "phone");
    }

    [Theory]
    [InlineData("Berlin")]
    [InlineData("CEST")]
    [InlineData("Nowhere/Special")]
    [InlineData("Europe/Berlin\u0007")]
    [InlineData("America/Argentina/Buenos_Aires_Buenos_Aires_Buenos_Aires_Buenos_Aires")]
    public void AnUnknownTimeZoneIsRejected(string timeZone)
    {
        AssertRejectedOn(Doctor(timeZone: timeZone), "time_zone");
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/Sao_Paulo")]
    [InlineData("Asia/Tokyo")]
    public void AnIanaTimeZoneIsKept(string timeZone)
    {
        Assert.Equal(timeZone, Doctor(timeZone: timeZone).Validate(_errors)?.TimeZone);
    }

    [Fact]
    public void EveryInvalidFieldIsReportedAtOnce()
    {
        AssertRejectedOn(
            Doctor(name: "", specialization: new string('s', 101), email: "x", phone: "1", experienceYears: 99, bio: "\u0001", clinicName: "\t", timeZone: "Mars/Base"),
            "bio", "email", "experience_years", "name", "phone", "specialization", "time_zone");
    }
}
