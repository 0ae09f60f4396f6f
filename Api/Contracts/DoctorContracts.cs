using System.ComponentModel.DataAnnotations;
using Booking.Grains.Interfaces;

namespace Booking.Api.Contracts;

/// <summary>Body of <c>POST /api/doctors</c> and <c>PUT /api/doctors/{id}</c>.</summary>
/// <param name="Name">Required, at most 255 characters.</param>
/// <param name="Specialization">Required, at most 100 characters.</param>
/// <param name="Email">Required, unique among doctors, at most 255 characters.</param>
/// <param name="Phone">Required, at most 20 characters, at least 5 digits.</param>
/// <param name="ExperienceYears">Optional, 0 to 80.</param>
/// <param name="Bio">Optional, at most 4000 characters.</param>
/// <param name="ClinicName">Optional, at most 255 characters.</param>
/// <param name="TimeZone">Optional IANA time zone of the doctor's slots; default UTC.</param>
public sealed record DoctorRequest(
    [property: Required, MinLength(1), MaxLength(WireFormats.NameLength)] string? Name = null,
    [property: Required, MinLength(1), MaxLength(WireFormats.SpecializationLength)] string? Specialization = null,
    [property: Required, EmailAddress, RegularExpression(WireFormats.Email), MaxLength(WireFormats.EmailLength)] string? Email = null,
    [property: Required, RegularExpression(WireFormats.Phone), MaxLength(WireFormats.PhoneLength)] string? Phone = null,
    [property: Range(WireFormats.MinExperienceYears, WireFormats.MaxExperienceYears)] int? ExperienceYears = null,
    [property: MaxLength(WireFormats.BioLength)] string? Bio = null,
    [property: MaxLength(WireFormats.NameLength)] string? ClinicName = null,
    [property: MaxLength(WireFormats.TimeZoneLength)] string? TimeZone = null)
{
    /// <summary>The profile this request describes, or null with the reasons in <paramref name="errors"/>.</summary>
    public DoctorProfile? Validate(FieldErrors errors)
    {
        var profile = new DoctorProfile(
            Name: errors.Text("name", Name, WireFormats.NameLength, required: true)!,
            Specialization: errors.Text("specialization", Specialization, WireFormats.SpecializationLength, required: true)!,
            Email: errors.Email("email", Email)!,
            Phone: errors.Phone("phone", Phone)!,
            ExperienceYears: errors.Number("experience_years", ExperienceYears, WireFormats.MinExperienceYears, WireFormats.MaxExperienceYears),
            Bio: errors.LongText("bio", Bio, WireFormats.BioLength),
            ClinicName: errors.Text("clinic_name", ClinicName, WireFormats.NameLength, required: false),
            TimeZone: errors.TimeZone("time_zone", TimeZone)!);
        return errors.IsEmpty ? profile : null;
    }
}

/// <summary>A doctor as the Api shows it.</summary>
public sealed record DoctorResponse(
    Guid Id,
    string Name,
    string Specialization,
    string Email,
    string Phone,
    int? ExperienceYears,
    string? Bio,
    string? ClinicName,
    string TimeZone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DoctorResponse From(Doctor d) => new(
        d.Id, d.Profile.Name, d.Profile.Specialization, d.Profile.Email, d.Profile.Phone, d.Profile.ExperienceYears,
        d.Profile.Bio, d.Profile.ClinicName, d.Profile.TimeZone, d.CreatedAt, d.UpdatedAt);
}
