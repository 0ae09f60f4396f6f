using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Api.Infrastructure;

/// <summary>How long a write may wait for its turn; bound from the <c>Booking</c> section.</summary>
public sealed class WriteDeadlineOptions : ISectionOptions
{
    public static string SectionName => "Booking";

    /// <summary>
    /// How long a booking, confirm or cancel may wait for its transaction to start, counted from its arrival. Past it
    /// the request is answered 503 with Retry-After and nothing is written; a transaction that has started runs to its
    /// end and its answer is awaited. Capped at half of <see cref="OrleansClientOptions.ResponseTimeout"/>, so that the
    /// answer arrives before the Api stops waiting. Default 5 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan WriteDeadline { get; set; } = TimeSpan.FromSeconds(5);
}
