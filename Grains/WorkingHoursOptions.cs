using Booking.Grains.Interfaces;
using System.ComponentModel.DataAnnotations;

namespace Booking.Grains;

/// <summary>How far ahead working hours make slots, and how often a doctor's grain rolls them forward. Bound from <c>WorkingHours</c>.</summary>
public sealed class WorkingHoursOptions : ISectionOptions
{
    public static string SectionName => "WorkingHours";

    /// <summary>Days ahead (from the doctor's today, inclusive) for which free slots exist. Default 56 (8 weeks).</summary>
    [Range(1, 366)]
    public int HorizonDays { get; set; } = 56;

    /// <summary>
    /// The period of each doctor's reminder that generates the next day's slots (and re-checks the horizon).
    /// Default 1 day. Orleans' <c>MinimumReminderPeriod</c> is used when this is shorter.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RollPeriod { get; set; } = TimeSpan.FromDays(1);
}
