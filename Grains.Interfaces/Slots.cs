namespace Booking.Grains.Interfaces;

/// <summary>A slot's place in a doctor's calendar, in the doctor's time zone.</summary>
[GenerateSerializer, Immutable, Alias("Booking.SlotTime")]
public sealed record SlotTime(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] TimeOnly Time);

/// <summary>A published slot. <see cref="IsAvailable"/>: it starts in the future and no unexpired hold or confirmed appointment holds it.</summary>
[GenerateSerializer, Immutable, Alias("Booking.Slot")]
public sealed record Slot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid DoctorId,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] TimeOnly Time,
    [property: Id(4)] int DurationMinutes,
    [property: Id(5)] bool IsAvailable,
    [property: Id(6)] DateTimeOffset CreatedAt);

/// <summary>How a request to publish slots ended.</summary>
[GenerateSerializer, Alias("Booking.AddSlotsOutcome")]
public enum AddSlotsOutcome
{
    Created,
    DoctorNotFound,
    Duplicate,
    InPast,

    /// <summary>A requested slot overlaps a slot the doctor already has (named in <see cref="AddSlotsResult.Conflicts"/>) or another requested one.</summary>
    Overlap,

    /// <summary>A requested local time does not exist on its date in the doctor's time zone (skipped when the clocks go forward).</summary>
    NonexistentTime,
}

/// <summary>
/// The slots created, or for a refusal the requested times that caused it (nothing is created then) and,
/// for <see cref="AddSlotsOutcome.Overlap"/>, the existing slots they overlap.
/// </summary>
[GenerateSerializer, Immutable, Alias("Booking.AddSlotsResult")]
public sealed record AddSlotsResult(
    [property: Id(0)] AddSlotsOutcome Outcome,
    [property: Id(1)] IReadOnlyList<Slot> Created,
    [property: Id(2)] IReadOnlyList<SlotTime> Rejected,
    [property: Id(3)] IReadOnlyList<SlotConflict>? Conflicts = null);

/// <summary>An existing slot that a requested one would overlap: where it sits locally and as instants.</summary>
[GenerateSerializer, Immutable, Alias("Booking.SlotConflict")]
public sealed record SlotConflict(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] TimeOnly Time,
    [property: Id(3)] int DurationMinutes,
    [property: Id(4)] DateTimeOffset StartsAt,
    [property: Id(5)] DateTimeOffset EndsAt);

/// <summary>
/// One slot, keyed by the slot's id: the only writer of its booking state. Not reentrant, so
/// booking attempts, confirmations and deletion of one slot run one at a time.
/// </summary>
[Alias("Booking.ISlotGrain")]
public interface ISlotGrain : IGrainWithGuidKey
{
    /// <summary>The slot, or null when there is none with this id.</summary>
    [Alias("Get")]
    Task<Slot?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops what this activation remembers of its slot, so that its next call reads the slot again: its doctor moved to
    /// another time zone, which moved the slot's start.
    /// </summary>
    [Alias("Forget"), Orleans.Concurrency.OneWay]
    Task ForgetAsync();

    /// <summary>
    /// Places a PENDING hold for the patient. Answers <see cref="BookingOutcome.SlotTaken"/> from memory when
    /// an active hold is known; otherwise commits through one SERIALIZABLE transaction before answering.
    /// </summary>
    /// <param name="request">The appointment's id, the patient, the deadline and, when given, the idempotency stamp (its record commits with the booking).</param>
    /// <param name="cancellationToken">Cancels the attempt before its transaction starts, never after.</param>
    /// <exception cref="StorageUnavailableException">Nothing was booked: the transaction could not start before the deadline, or the database cannot take it.</exception>
    /// <exception cref="WriteOutcomeUnknownException">The connection broke during the commit: the appointment may exist.</exception>
    [Alias("Book")]
    Task<BookingResult> BookAsync(HoldRequest request, CancellationToken cancellationToken = default);

    /// <summary>PENDING -> CONFIRMED while the hold has not expired (compare-and-swap on status); not started after <paramref name="deadline"/>.</summary>
    [Alias("Confirm")]
    Task<AppointmentChangeResult> ConfirmAsync(Guid appointmentId, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// PENDING (unexpired) or CONFIRMED -> CANCELLED; the slot is free again at once. <paramref name="reason"/>, when given, is kept on
    /// the event and as the appointment's cancellation reason. Not started after <paramref name="deadline"/>.
    /// </summary>
    [Alias("Cancel")]
    Task<AppointmentChangeResult> CancelAsync(Guid appointmentId, string? reason = null, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// PENDING -> EXPIRED once <c>expires_at</c> has passed; the slot is free again. Before then, or for
    /// an appointment that is no longer PENDING, nothing changes.
    /// </summary>
    [Alias("Expire")]
    Task<AppointmentChangeResult> ExpireAsync(Guid appointmentId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the slot unless an active appointment holds it.</summary>
    [Alias("Delete")]
    Task<DeleteOutcome> DeleteAsync(CancellationToken cancellationToken = default);
}
