using System.Globalization;

namespace Booking.Api.Contracts;

/// <summary>The wire formats of dates and times: YYYY-MM-DD and HH:mm.</summary>
public static class ApiFormat
{
    public static string Date(DateOnly date) => date.ToString(FieldErrors.DateFormat, CultureInfo.InvariantCulture);

    public static string Time(TimeOnly time) => time.ToString(FieldErrors.TimeFormat, CultureInfo.InvariantCulture);
}
