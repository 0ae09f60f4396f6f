namespace Booking.Grains.Interfaces;

/// <summary>The editable part of a doctor, as an admin enters it.</summary>
[GenerateSerializer, Immutable, Alias("Booking.DoctorProfile")]
public sealed record DoctorProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Specialization,
    [property: Id(2)] string Email,
    [property: Id(3)] string Phone,
    [property: Id(4)] int? ExperienceYears,
    [property: Id(5)] string? Bio,
    [property: Id(6)] string? ClinicName,
    [property: Id(7)] string TimeZone);

/// <summary>A doctor as stored.</summary>
[GenerateSerializer, Immutable, Alias("Booking.Doctor")]
public sealed record Doctor(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DoctorProfile Profile,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt);

/// <summary>How a create or update of a doctor ended.</summary>
[GenerateSerializer, Alias("Booking.DoctorWriteOutcome")]
public enum DoctorWriteOutcome
{
    Saved,
    NotFound,
    AlreadyExists,
    DuplicateEmail,

    /// <summary>The new time zone would make some of the doctor's slots overlap (named in <see cref="DoctorWriteResult.Conflicts"/>); nothing changed.</summary>
    SlotOverlap,
}

/// <summary>The outcome of a doctor write and, when saved, the doctor as stored.</summary>
[GenerateSerializer, Immutable, Alias("Booking.DoctorWriteResult")]
public sealed record DoctorWriteResult(
    [property: Id(0)] DoctorWriteOutcome Outcome,
    [property: Id(1)] Doctor? Doctor = null,
    [property: Id(2)] IReadOnlyList<SlotConflict>? Conflicts = null);

/// <summary>How a delete of a doctor or a slot ended.</summary>
[GenerateSerializer, Alias("Booking.DeleteOutcome")]
public enum DeleteOutcome
{
    Deleted,
    NotFound,
    HasActiveAppointment,
}

/// <summary>One doctor, keyed by the doctor's id: the single writer of the profile and of slot creation.</summary>
[Alias("Booking.IDoctorGrain")]
public interface IDoctorGrain : IGrainWithGuidKey
{
    /// <summary>Creates the doctor under this grain's id.</summary>
    [Alias("Create")]
    Task<DoctorWriteResult> CreateAsync(DoctorProfile profile, CancellationToken cancellationToken = default);

    /// <summary>The doctor, or null when there is none with this id. Interleaves: a long working-hours change never holds up a read.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<Doctor?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the profile of an existing doctor.</summary>
    [Alias("Update")]
    Task<DoctorWriteResult> UpdateAsync(DoctorProfile profile, CancellationToken cancellationToken = default);

    /// <summary>Deletes the doctor and its slots, unless one of them has an active appointment.</summary>
    [Alias("Delete")]
    Task<DeleteOutcome> DeleteAsync(CancellationToken cancellationToken = default);

    /// <summary>Publishes new slots for this doctor, all or none: refused when one overlaps another slot of the doctor.</summary>
    [Alias("AddSlots")]
    Task<AddSlotsResult> AddSlotsAsync(IReadOnlyList<SlotTime> slots, int durationMinutes, CancellationToken cancellationToken = default);

    /// <summary>The doctor's working hours (null rules: none set) and the held or booked future slots that do not fit them.</summary>
    [Alias("GetWorkingHours")]
    Task<WorkingHoursView?> GetWorkingHoursAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the doctor's working hours and brings the generated free slots of the horizon in line with
    /// them: free generated slots that no longer fit are deleted through their slot grains, missing ones are
    /// created; held and booked slots are never touched, only reported.
    /// </summary>
    [Alias("SetWorkingHours")]
    Task<WorkingHoursWriteResult> SetWorkingHoursAsync(WorkingHours rules, CancellationToken cancellationToken = default);

    /// <summary>
    /// The slots <paramref name="rules"/> would make on <paramref name="days"/> days from the doctor's today, each marked
    /// when a slot that would stay is in its way; nothing is saved.
    /// </summary>
    [Alias("PreviewWorkingHours"), Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<PreviewSlot>?> PreviewWorkingHoursAsync(WorkingHours rules, int days, CancellationToken cancellationToken = default);
}
