using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Grains;

/// <summary>Booking rules, bound from the <c>Booking</c> configuration section.</summary>
public sealed class BookingOptions : ISectionOptions
{
    public static string SectionName => "Booking";

    /// <summary>How long a PENDING hold keeps its slot unless confirmed. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HoldDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a booking transaction is tried when PostgreSQL reports a serialization failure or deadlock. Default 10.</summary>
    [Range(1, 50)]
    public int MaxCommitAttempts { get; set; } = 10;

    /// <summary>
    /// The most PostgreSQL connections one silo opens. <see cref="OrleansConnections"/> of them serve
    /// Orleans' own tables (membership, reminders, grain state), the rest the booking grains. Default 50.
    /// </summary>
    [Range(OrleansConnections + 2, 1000)]
    public int MaxConnections { get; set; } = 50;

    /// <summary>How many SERIALIZABLE write transactions one silo runs at once; more wait for a turn. Default 16.</summary>
    [Range(1, 500)]
    public int MaxConcurrentTransactions { get; set; } = 16;

    /// <summary>How often each silo looks for PENDING holds past their time whose reminder has not expired them. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long past its time a hold is left to its own reminder before the sweep expires it. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ExpirySweepGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The share of <see cref="MaxConnections"/> kept for Orleans' providers.</summary>
    public const int OrleansConnections = 10;

    /// <summary>The <c>Retry-After</c> a client is given when the database cannot take the work now. Default 1 second.</summary>
    [Range(1, 300)]
    public int RetryAfterSeconds { get; set; } = 1;
}
