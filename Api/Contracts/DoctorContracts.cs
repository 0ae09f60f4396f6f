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
    [property: Required, MinLength(1), MaxLength(255)] string? Name = null,
    [property: Required, MinLength(1), MaxLength(100)] string? Specialization = null,
    [property: Required, MaxLength(255)] string? Email = null,
    [property: Required, RegularExpression(WireFormats.Phone), MaxLength(20)] string? Phone = null,
    [property: Range(0, 80)] int? ExperienceYears = null,
    [property: MaxLength(4000)] string? Bio = null,
    [property: MaxLength(255)] string? ClinicName = null,
    [property: MaxLength(64)] string? TimeZone = null)
{
    /// <summary>The profile this request describes, or null with the reasons in <paramref name="errors"/>.</summary>
    public DoctorProfile? Validate(FieldErrors errors)
    {
        var profile = new DoctorProfile(
            Name: errors.Text("name", Name, 255, required: true)!,
            Specialization: errors.Text("specialization", Specialization, 100, required: true)!,
            Email: errors.Email("email", Email)!,
            Phone: errors.Phone("phone", Phone)!,
            ExperienceYears: errors.Number("experience_years", ExperienceYears, 0, 80),
            Bio: errors.LongText("bio", Bio, 4000),
            ClinicName: errors.Text("clinic_name", ClinicName, 255, required: false),
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
