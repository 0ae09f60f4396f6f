namespace Booking.Grains.Interfaces;

/// <summary>What happened to a doctor's day.</summary>
[GenerateSerializer, Alias("Booking.AvailabilityChangeKind")]
public enum AvailabilityChangeKind
{
    /// <summary>A slot was published.</summary>
    Created,

    /// <summary>A slot was held (booked) and can no longer be booked.</summary>
    Taken,

    /// <summary>A slot is free again: its hold was cancelled or expired.</summary>
    Freed,

    /// <summary>A slot changed without changing whether it can be booked (for example a hold was confirmed).</summary>
    Updated,

    /// <summary>A slot was deleted.</summary>
    Deleted,

    /// <summary>The whole day was read again (a doctor deleted or moved to another time zone): list it again.</summary>
    Reloaded,
}

/// <summary>
/// One change of a doctor's day, as its schedule grain saw it. <see cref="Slot"/> is the slot after the
/// change (null for <see cref="AvailabilityChangeKind.Deleted"/> and <see cref="AvailabilityChangeKind.Reloaded"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Booking.AvailabilityChange")]
public sealed record AvailabilityChange(
    [property: Id(0)] Guid DoctorId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] AvailabilityChangeKind Kind,
    [property: Id(3)] Guid? SlotId,
    [property: Id(4)] Slot? Slot);

/// <summary>Receives the changes of the doctor days it subscribed to (the Api relays them to browsers).</summary>
[Alias("Booking.IAvailabilityObserver")]
public interface IAvailabilityObserver : IGrainObserver
{
    /// <summary>A subscribed day changed.</summary>
    [Alias("Changed"), Orleans.Concurrency.OneWay]
    Task OnAvailabilityChangedAsync(AvailabilityChange change);
}
