using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>
/// The slot grains' side of a reschedule. Only grains call it (it lives in this assembly, out of the Api's reach): the
/// appointment's grain asks the grain of the smaller of the two slot ids, which asks the grain of the larger one, which runs
/// the transaction. A slot grain only ever waits for a slot grain with a larger id, so no cycle of waits can form however
/// many moves cross each other, and while a move runs both slot grains are busy with it: neither answers a booking of its
/// slot from memory the move is about to change.
/// </summary>
[Alias("Booking.ISlotMoveGrain")]
public interface ISlotMoveGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Takes part in <paramref name="move"/>, whose source or target this slot is: passes it on to the other slot's grain when
    /// that one has the larger id, runs it otherwise; then updates what this grain knows of its slot and tells the doctor's day.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Nothing was written: the move could not start before its deadline, or the database cannot take it.</exception>
    /// <exception cref="WriteOutcomeUnknownException">The connection broke during the commit: the move may have happened.</exception>
    [Alias("Move")]
    Task<SlotMoveResult> MoveAsync(SlotMove move);
}

/// <summary>A reschedule as the slot grains pass it on.</summary>
/// <param name="AppointmentId">The appointment to move.</param>
/// <param name="FromSlotId">The slot it is on now.</param>
/// <param name="ToSlotId">The slot it moves to.</param>
/// <param name="Deadline">No transaction starts after it (<see cref="DateTimeOffset.MaxValue"/>: none).</param>
[GenerateSerializer, Immutable, Alias("Booking.SlotMove")]
public sealed record SlotMove(
    [property: Id(0)] Guid AppointmentId,
    [property: Id(1)] Guid FromSlotId,
    [property: Id(2)] Guid ToSlotId,
    [property: Id(3)] DateTimeOffset Deadline)
{
    /// <summary>The slot whose grain the appointment's grain asks first: the smaller id.</summary>
    public Guid FirstSlotId => FromSlotId.CompareTo(ToSlotId) <= 0 ? FromSlotId : ToSlotId;
}

/// <summary>The outcome of a move and the target slot as the transaction left it (null: no such slot, or not known).</summary>
[GenerateSerializer, Immutable, Alias("Booking.SlotMoveResult")]
public sealed record SlotMoveResult(
    [property: Id(0)] RescheduleResult Answer,
    [property: Id(1)] SlotState? Target);
