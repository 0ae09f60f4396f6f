namespace Booking.Grains.Interfaces;

/// <summary>What a doctor's day schedule knows of one slot: enough to say whether it can be booked.</summary>
[GenerateSerializer, Immutable, Alias("Booking.ScheduledSlot")]
public sealed record ScheduledSlot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] TimeOnly Time,
    [property: Id(2)] int DurationMinutes,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] bool IsHeld,
    [property: Id(5)] DateTimeOffset? HeldUntil)
{
    /// <summary>True while a hold (until <see cref="HeldUntil"/>) or a confirmed appointment (no end) keeps the slot.</summary>
    public bool IsHeldAt(DateTimeOffset now) => IsHeld && (HeldUntil is null || HeldUntil > now);
}

/// <summary>
/// One doctor's slots on one day (key: <c>{doctor id:N}/{YYYY-MM-DD}</c>), answered from memory: the
/// free-slot listing and the (doctor, date, time) to slot look-up. Loaded from PostgreSQL on
/// activation and kept current by the slot and doctor grains.
/// </summary>
[Alias("Booking.IDoctorScheduleGrain")]
public interface IDoctorScheduleGrain : IGrainWithStringKey
{
    /// <summary>The day's slots ordered by time; only bookable ones unless <paramref name="includeUnavailable"/>.</summary>
    [Alias("List")]
    Task<IReadOnlyList<Slot>> ListSlotsAsync(bool includeUnavailable, CancellationToken cancellationToken = default);

    /// <summary>The id of the slot at <paramref name="time"/>, or null.</summary>
    [Alias("Find")]
    Task<Guid?> FindSlotAsync(TimeOnly time, CancellationToken cancellationToken = default);

    /// <summary>A slot of this day was booked, confirmed, freed or created.</summary>
    [Alias("SlotChanged"), Orleans.Concurrency.OneWay]
    Task SlotChangedAsync(ScheduledSlot slot);

    /// <summary>A slot of this day was deleted.</summary>
    [Alias("SlotRemoved"), Orleans.Concurrency.OneWay]
    Task SlotRemovedAsync(Guid slotId);

    /// <summary>Reads the day again from the database (after changes made in bulk: a doctor deleted or moved to another time zone).</summary>
    [Alias("Reload"), Orleans.Concurrency.OneWay]
    Task ReloadAsync();

    /// <summary>
    /// Sends every later change of this day to <paramref name="observer"/>. A subscription lapses after
    /// <see cref="DoctorSchedule.SubscriptionLifetime"/> (and with the grain's activation): subscribe again well within it.
    /// </summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IAvailabilityObserver observer);

    /// <summary>Stops sending changes to <paramref name="observer"/>.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IAvailabilityObserver observer);
}

/// <summary>The key of a doctor's day schedule grain.</summary>
public static class DoctorSchedule
{
    /// <summary>How long a subscription of an availability observer lasts without being renewed.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(2);

    public static string Key(Guid doctorId, DateOnly date) =>
        $"{doctorId:N}/{date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";

    public static (Guid DoctorId, DateOnly Date) Parse(string key) =>
        (Guid.ParseExact(key[..32], "N"), DateOnly.ParseExact(key[33..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
