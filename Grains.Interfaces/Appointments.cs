namespace Booking.Grains.Interfaces;

/// <summary>The life of an appointment: a PENDING hold becomes CONFIRMED, or CANCELLED, or EXPIRED.</summary>
[GenerateSerializer, Alias("Booking.AppointmentStatus")]
public enum AppointmentStatus
{
    Pending,
    Confirmed,
    Cancelled,
    Expired,
}

/// <summary>Who the appointment is for. Personal data: never logged.</summary>
[GenerateSerializer, Immutable, Alias("Booking.PatientDetails")]
public sealed record PatientDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string Email,
    [property: Id(2)] string Phone,
    [property: Id(3)] string? Reason);

/// <summary>
/// An appointment as stored, with the status a client should see at the time it was read. <see cref="CancellationReason"/>:
/// what the patient or an admin gave as the reason when cancelling it, if anything.
/// </summary>
[GenerateSerializer, Immutable, Alias("Booking.Appointment")]
public sealed record Appointment(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid SlotId,
    [property: Id(2)] Guid DoctorId,
    [property: Id(3)] PatientDetails Patient,
    [property: Id(4)] DateOnly Date,
    [property: Id(5)] TimeOnly Time,
    [property: Id(6)] AppointmentStatus Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? ExpiresAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] string? CancellationReason = null)
{
    /// <summary>True while the appointment keeps its slot from everyone else at <paramref name="now"/>.</summary>
    public bool HoldsSlotAt(DateTimeOffset now) => Status switch
    {
        AppointmentStatus.Confirmed => true,
        AppointmentStatus.Pending => ExpiresAt is null || ExpiresAt > now,
        _ => false,
    };

    /// <summary>This appointment as a client should see it at <paramref name="now"/>: a lapsed hold reads as EXPIRED.</summary>
    public Appointment AsSeenAt(DateTimeOffset now) =>
        Status == AppointmentStatus.Pending && !HoldsSlotAt(now) ? this with { Status = AppointmentStatus.Expired } : this;
}

/// <summary>How a booking attempt ended.</summary>
[GenerateSerializer, Alias("Booking.BookingOutcome")]
public enum BookingOutcome
{
    Booked,
    SlotTaken,
    SlotNotFound,
    SlotInPast,

    /// <summary>
    /// Nothing was booked: the request's Idempotency-Key already has a record (its first request booked or was
    /// refused, possibly through another activation). The record says what to answer.
    /// </summary>
    IdempotencyKeyUsed,
}

/// <summary>A booking attempt as the Api sends it to a slot grain.</summary>
/// <param name="AppointmentId">The id the appointment gets if it is booked: chosen before the call, so a caller who never hears the answer can still look it up.</param>
/// <param name="Patient">Who the appointment is for.</param>
/// <param name="Deadline">No transaction starts after this instant (the answer is then 503 and nothing is booked); one that started runs to its end.</param>
/// <param name="Idempotency">When given, the booking's idempotency record is committed in the booking's transaction.</param>
[GenerateSerializer, Immutable, Alias("Booking.HoldRequest")]
public sealed record HoldRequest(
    [property: Id(0)] Guid AppointmentId,
    [property: Id(1)] PatientDetails Patient,
    [property: Id(2)] DateTimeOffset Deadline,
    [property: Id(3)] IdempotencyStamp? Idempotency = null);

/// <summary>The outcome of a booking attempt and, when booked, the new PENDING appointment.</summary>
[GenerateSerializer, Immutable, Alias("Booking.BookingResult")]
public sealed record BookingResult(
    [property: Id(0)] BookingOutcome Outcome,
    [property: Id(1)] Appointment? Appointment = null);

/// <summary>How a status change of an appointment ended.</summary>
[GenerateSerializer, Alias("Booking.AppointmentChangeOutcome")]
public enum AppointmentChangeOutcome
{
    /// <summary>The change was made now.</summary>
    Changed,

    /// <summary>The appointment was already in the requested state; nothing changed.</summary>
    Unchanged,
    NotFound,

    /// <summary>The hold expired before the change could be made.</summary>
    HoldExpired,

    /// <summary>The appointment was cancelled before the change could be made.</summary>
    Cancelled,

    /// <summary>An expiry asked for before <c>expires_at</c>: the hold still stands.</summary>
    NotDue,
}

/// <summary>The outcome of a status change and the appointment as it now stands.</summary>
[GenerateSerializer, Immutable, Alias("Booking.AppointmentChangeResult")]
public sealed record AppointmentChangeResult(
    [property: Id(0)] AppointmentChangeOutcome Outcome,
    [property: Id(1)] Appointment? Appointment = null);

/// <summary>How a reschedule ended.</summary>
[GenerateSerializer, Alias("Booking.RescheduleOutcome")]
public enum RescheduleOutcome
{
    /// <summary>The appointment is on the new slot now; the old slot is free.</summary>
    Rescheduled,

    /// <summary>An unexpired hold or a confirmed appointment holds the new slot; nothing changed.</summary>
    SlotTaken,

    /// <summary>There is no slot with the target id.</summary>
    SlotNotFound,

    /// <summary>The target slot has already started.</summary>
    SlotInPast,

    /// <summary>The appointment is already on the target slot; nothing changed.</summary>
    SameSlot,

    /// <summary>There is no such appointment.</summary>
    NotFound,

    /// <summary>The appointment's hold expired before it could be moved.</summary>
    HoldExpired,

    /// <summary>The appointment was cancelled before it could be moved.</summary>
    Cancelled,
}

/// <summary>The outcome of a reschedule and the appointment as it now stands (moved when <see cref="RescheduleOutcome.Rescheduled"/>).</summary>
[GenerateSerializer, Immutable, Alias("Booking.RescheduleResult")]
public sealed record RescheduleResult(
    [property: Id(0)] RescheduleOutcome Outcome,
    [property: Id(1)] Appointment? Appointment = null);

/// <summary>One appointment, keyed by its id: what a client reads and changes.</summary>
[Alias("Booking.IAppointmentGrain")]
public interface IAppointmentGrain : IGrainWithGuidKey
{
    /// <summary>The appointment as it stands now (a lapsed hold reads as EXPIRED), or null when unknown.</summary>
    [Alias("Get")]
    Task<Appointment?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Confirms the PENDING hold through the slot's grain; confirming a confirmed appointment changes nothing. Not started after <paramref name="deadline"/>.</summary>
    [Alias("Confirm")]
    Task<AppointmentChangeResult> ConfirmAsync(DateTimeOffset? deadline = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a PENDING or CONFIRMED appointment through the slot's grain; cancelling again changes nothing (and keeps the first
    /// reason). Not started after <paramref name="deadline"/>.
    /// </summary>
    /// <param name="reason">Why, in the patient's or admin's words (at most 500 characters), or null; kept on the event and the appointment.</param>
    /// <param name="deadline">No transaction starts after it (then <see cref="StorageUnavailableException"/>, nothing written).</param>
    /// <param name="cancellationToken">Not used once the change is under way.</param>
    [Alias("Cancel")]
    Task<AppointmentChangeResult> CancelAsync(string? reason = null, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves this PENDING (unexpired) or CONFIRMED appointment to <paramref name="toSlotId"/>, a free slot of any doctor, in one
    /// SERIALIZABLE transaction that takes the new slot and frees the old one; nothing changes unless it all does. The status and
    /// <c>expires_at</c> stay (a PENDING hold keeps its deadline and its expiry reminder), and so does the id, hence the access token.
    /// The two slot grains coordinate the move in a fixed order (the smaller slot id first), so moves never deadlock.
    /// </summary>
    /// <param name="toSlotId">The slot to move to.</param>
    /// <param name="deadline">No transaction starts after it (then <see cref="StorageUnavailableException"/>, nothing written).</param>
    /// <param name="cancellationToken">Not used once the move is under way.</param>
    /// <exception cref="StorageUnavailableException">Nothing was written: the move could not start before the deadline, or the database cannot take it.</exception>
    /// <exception cref="WriteOutcomeUnknownException">The connection broke during the commit: the move may have happened.</exception>
    [Alias("Reschedule")]
    Task<RescheduleResult> RescheduleAsync(Guid toSlotId, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers this appointment's expiry reminder, due at <paramref name="expiresAt"/>, and remembers its slot. Sent one-way by
    /// the slot's grain after a booking commits: the booking's answer never waits for it, and the expiry sweep covers a hold
    /// whose reminder never came to be.
    /// </summary>
    [Alias("TrackHold"), Orleans.Concurrency.OneWay]
    Task TrackHoldAsync(Guid slotId, DateTimeOffset expiresAt);
}

/// <summary>An Idempotency-Key and the hash of the request body it was first sent with.</summary>
[GenerateSerializer, Immutable, Alias("Booking.IdempotencyStamp")]
public sealed record IdempotencyStamp(
    [property: Id(0)] string Key,
    [property: Id(1)] string RequestHash);

/// <summary>How an idempotent booking request was handled.</summary>
[GenerateSerializer, Alias("Booking.IdempotentHandling")]
public enum IdempotentHandling
{
    /// <summary>First time this key was seen: the booking was attempted now.</summary>
    Executed,

    /// <summary>The key was seen with the same body: this is the first attempt's outcome.</summary>
    Replayed,

    /// <summary>The first request with this key has not finished yet.</summary>
    InProgress,

    /// <summary>The key was first used with a different body.</summary>
    KeyReused,
}

/// <summary>The handling of an idempotent booking request, and the booking's outcome where there is one.</summary>
[GenerateSerializer, Immutable, Alias("Booking.IdempotentBookingResult")]
public sealed record IdempotentBookingResult(
    [property: Id(0)] IdempotentHandling Handling,
    [property: Id(1)] BookingOutcome? Outcome = null,
    [property: Id(2)] Guid? AppointmentId = null);

/// <summary>
/// One Idempotency-Key: runs the first booking request sent with it and answers every repeat with the
/// first outcome (records are kept in PostgreSQL, so this survives restarts).
/// </summary>
[Alias("Booking.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Books <paramref name="slotId"/> with <paramref name="request"/> (whose stamp carries this key) unless this key has been used before.</summary>
    [Alias("Book")]
    Task<IdempotentBookingResult> BookAsync(Guid slotId, HoldRequest request, CancellationToken cancellationToken = default);
}
