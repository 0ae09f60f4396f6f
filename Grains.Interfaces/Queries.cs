namespace Booking.Grains.Interfaces;

/// <summary>Filters for listing doctors.</summary>
[GenerateSerializer, Immutable, Alias("Booking.DoctorQuery")]
public sealed record DoctorQuery(
    [property: Id(0)] string? Specialization = null,
    [property: Id(1)] string? NameContains = null);

/// <summary>Filters for listing slots; by default only slots that can be booked now.</summary>
[GenerateSerializer, Immutable, Alias("Booking.SlotQuery")]
public sealed record SlotQuery(
    [property: Id(0)] Guid? DoctorId = null,
    [property: Id(1)] DateOnly? Date = null,
    [property: Id(2)] bool IncludeUnavailable = false);

/// <summary>Filters and page position for listing appointments, newest first.</summary>
[GenerateSerializer, Immutable, Alias("Booking.AppointmentQuery")]
public sealed record AppointmentQuery(
    [property: Id(0)] AppointmentStatus? Status = null,
    [property: Id(1)] Guid? DoctorId = null,
    [property: Id(2)] DateOnly? Date = null,
    [property: Id(3)] string? PatientEmail = null,
    [property: Id(4)] int Limit = 50,
    [property: Id(5)] AppointmentCursor? After = null);

/// <summary>Where a page of appointments ended: the last item's creation time and id.</summary>
[GenerateSerializer, Immutable, Alias("Booking.AppointmentCursor")]
public sealed record AppointmentCursor(
    [property: Id(0)] DateTimeOffset CreatedAt,
    [property: Id(1)] Guid Id);

/// <summary>One page of appointments and the cursor of the next page, if there is one.</summary>
[GenerateSerializer, Immutable, Alias("Booking.AppointmentPage")]
public sealed record AppointmentPage(
    [property: Id(0)] IReadOnlyList<Appointment> Items,
    [property: Id(1)] AppointmentCursor? Next);

/// <summary>Read-only lists and look-ups that need SQL. A stateless worker: any silo, many at once.</summary>
[Alias("Booking.IBookingQueryGrain")]
public interface IBookingQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Doctors by name, filtered by specialization and part of the name.</summary>
    [Alias("ListDoctors")]
    Task<IReadOnlyList<Doctor>> ListDoctorsAsync(DoctorQuery query, CancellationToken cancellationToken = default);

    /// <summary>Slots ordered by date and time.</summary>
    [Alias("ListSlots")]
    Task<IReadOnlyList<Slot>> ListSlotsAsync(SlotQuery query, CancellationToken cancellationToken = default);

    /// <summary>Each listed doctor's earliest bookable slot (doctors without one are left out).</summary>
    [Alias("NextFreeSlots")]
    Task<IReadOnlyList<Slot>> NextFreeSlotsAsync(IReadOnlyList<Guid> doctorIds, CancellationToken cancellationToken = default);

    /// <summary>Appointments newest first, one page at a time.</summary>
    [Alias("ListAppointments")]
    Task<AppointmentPage> ListAppointmentsAsync(AppointmentQuery query, CancellationToken cancellationToken = default);

    /// <summary>True when the database answers; throws <see cref="StorageUnavailableException"/> when it does not.</summary>
    [Alias("Ping")]
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}
