using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Booking.Api.Contracts;

/// <summary>
/// Collects what is wrong with a request, field by field (snake_case names), while parsing its values.
/// Every parse method returns the clean value, or null after recording why it is not valid.
/// </summary>
public sealed partial class FieldErrors
{
    public const string DateFormat = WireFormats.DateFormat;
    public const string TimeFormat = WireFormats.TimeFormat;

    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>Trimmed text of at most <paramref name="maxLength"/> characters with no control characters.</summary>
    public string? Text(string field, string? value, int maxLength, bool required)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
            return null;
        }

        if (text.Any(char.IsControl))
        {
            Add(field, "must not contain control characters.");
            return null;
        }

        return text;
    }

    /// <summary>Long free text (bio, reason) may hold line breaks and tabs, nothing else below space.</summary>
    public string? LongText(string field, string? value, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
            return null;
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            Add(field, "must not contain control characters.");
            return null;
        }

        return text;
    }

    public string? Email(string field, string? value, bool required = true)
    {
        var text = Text(field, value, WireFormats.EmailLength, required);
        if (text is null)
        {
            return null;
        }

        if (!EmailPattern().IsMatch(text) || !MailAddress.TryCreate(text, out var parsed) || parsed.Address != text)
        {
            Add(field, "must be an email address such as name@example.com.");
            return null;
        }

        return text;
    }

    public string? Phone(string field, string? value)
    {
        var text = Text(field, value, WireFormats.PhoneLength, required: true);
        if (text is not null && !PhonePattern().IsMatch(text))
        {
            Add(field, "must be a phone number: digits, spaces, '+', '-', '.', '(' and ')', with at least 5 digits.");
            return null;
        }

        return text;
    }

    public Guid? Id(string field, string? value, bool required = true)
    {
        if (IsMissing(field, value, required))
        {
            return null;
        }

        if (!Guid.TryParseExact(value.Trim(), "D", out var id))
        {
            Add(field, "must be a UUID such as 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f.");
            return null;
        }

        return id;
    }

    public DateOnly? Date(string field, string? value, bool required = true)
    {
        if (IsMissing(field, value, required))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(field, $"must be a calendar date in the form {DateFormat.ToUpperInvariant()}.");
            return null;
        }

        return date;
    }

    public TimeOnly? Time(string field, string? value, bool required = true)
    {
        if (IsMissing(field, value, required))
        {
            return null;
        }

        if (!TimeOnly.TryParseExact(value.Trim(), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            Add(field, "must be a time of day in the form HH:mm (00:00 to 23:59).");
            return null;
        }

        return time;
    }

    /// <summary>A day of the week by its English name in lower case (<c>monday</c> ... <c>sunday</c>).</summary>
    public DayOfWeek? Weekday(string field, string? value)
    {
        if (IsMissing(field, value, required: true))
        {
            return null;
        }

        if (!_weekdayNames.TryGetValue(value.Trim(), out var day))
        {
            Add(field, "must be a day of the week: monday, tuesday, wednesday, thursday, friday, saturday or sunday.");
            return null;
        }

        return day;
    }

    /// <summary>The wire name of <paramref name="day"/>: <c>monday</c> ... <c>sunday</c>.</summary>
    public static string WeekdayName(DayOfWeek day) => day.ToString().ToLowerInvariant();

    private static readonly Dictionary<string, DayOfWeek> _weekdayNames = Enum.GetValues<DayOfWeek>().ToDictionary(WeekdayName);

    public int? Number(string field, int? value, int min, int max, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return null;
        }

        if (value < min || value > max)
        {
            Add(field, $"must be between {min} and {max}.");
            return null;
        }

        return value;
    }

    /// <summary>An IANA time zone, returned as its canonical id; missing means UTC.</summary>
    public string? TimeZone(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "UTC";
        }

        var text = Text(field, value, WireFormats.TimeZoneLength, required: false);
        if (text is null)
        {
            return null;
        }

        // The canonical id, not the text: on Linux a look-up may succeed in another letter case
        // (from a cache), and only the canonical spelling is found again by every process.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(text, out var zone) || !zone.HasIanaId)
        {
            Add(field, "must be an IANA time zone name such as Europe/Berlin or UTC.");
            return null;
        }

        return zone.Id;
    }

    /// <summary>True when no value was given; an error is recorded only if one was required.</summary>
    private bool IsMissing(string field, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? value, bool required)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (required)
        {
            Add(field, "is required.");
        }

        return true;
    }

    [GeneratedRegex(WireFormats.Email)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(WireFormats.Phone)]
    private static partial Regex PhonePattern();
}
