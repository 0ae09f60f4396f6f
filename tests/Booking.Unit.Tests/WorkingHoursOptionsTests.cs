using Booking.Grains;
using System.ComponentModel.DataAnnotations;

namespace Booking.Unit.Tests;

public sealed class WorkingHoursOptionsTests
{
    private static List<string> Problems(WorkingHoursOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames).ToList();
    }

    [Fact]
    public void TheDefaultsAreEightWeeksRolledDailyAndValid()
    {
        var options = new WorkingHoursOptions();

        Assert.Equal(56, options.HorizonDays);
        Assert.Equal(TimeSpan.FromDays(1), options.RollPeriod);
        Assert.Empty(Problems(options));
    }

    [Theory]
    [InlineData(0, "1.00:00:00", nameof(WorkingHoursOptions.HorizonDays))]
    [InlineData(367, "1.00:00:00", nameof(WorkingHoursOptions.HorizonDays))]
    [InlineData(56, "00:00:00", nameof(WorkingHoursOptions.RollPeriod))]
    [InlineData(56, "8.00:00:00", nameof(WorkingHoursOptions.RollPeriod))]
    public void OutOfRangeValuesAreRefused(int horizonDays, string rollPeriod, string field)
    {
        var options = new WorkingHoursOptions { HorizonDays = horizonDays, RollPeriod = TimeSpan.Parse(rollPeriod, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal([field], Problems(options));
    }
}
