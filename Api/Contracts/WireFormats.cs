namespace Booking.Api.Contracts;

/// <summary>
/// The one definition of every wire rule: formats, lengths and ranges. The request records carry them as attributes,
/// which put them into the OpenAPI document (and from there into the web app, see web/scripts/contract.mjs), and
/// <see cref="FieldErrors"/> and the records' <c>Validate</c> methods enforce the same constants; the unit test
/// <c>WireRulesAgreementTests</c> checks that every documented rule is the one enforced.
/// </summary>
/// <remarks>
/// Patterns are written in the common subset of .NET and ECMAScript regular expressions (as JSON Schema wants):
/// ASCII classes such as <c>[0-9]</c>, no <c>\d</c> (Unicode digits in .NET) and no escapes ECMAScript's
/// Unicode mode refuses. The server trims surrounding whitespace before it applies them.
/// </remarks>
public static class WireFormats
{
    public const string Uuid = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /// <summary>YYYY-MM-DD; the server also requires a real calendar date.</summary>
    public const string Date = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    /// <summary>HH:mm, 00:00 to 23:59.</summary>
    public const string Time = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    /// <summary>Digits, spaces, '+' (first only), '-', '.', '(' and ')', with 5 to 15 digits.</summary>
    public const string Phone = @"^\+?(?:[ ().-]*[0-9]){5,15}[ ().-]*$";

    /// <summary>
    /// One '@', a dot in the domain, no spaces and none of the characters that make a display name or a quoted or
    /// bracketed address; the server also requires an address that parses as one (<c>format: email</c>).
    /// </summary>
    public const string Email = @"^[^@\s<>()\[\]\\,;:""]+@[^@\s<>()\[\]\\,;:""]+\.[^@\s<>()\[\]\\,;:""]+$";

    /// <summary>The .NET formats of <see cref="Date"/> and <see cref="Time"/>.</summary>
    public const string DateFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH:mm";

    /// <summary>Names of people and clinics, and name searches.</summary>
    public const int NameLength = 255;
    public const int EmailLength = 255;
    public const int PhoneLength = 20;
    public const int SpecializationLength = 100;
    public const int ReasonLength = 2000;

    /// <summary>The longest cancellation reason kept (a patient's or the clinic's words, stored with the event).</summary>
    public const int CancellationReasonLength = 500;
    public const int BioLength = 4000;
    public const int TimeZoneLength = 64;
    public const int UsernameLength = 100;
    public const int PasswordLength = 200;

    public const int MinExperienceYears = 0;
    public const int MaxExperienceYears = 80;

    /// <summary>The length of a slot, in minutes.</summary>
    public const int MinSlotMinutes = 5;
    public const int MaxSlotMinutes = 480;

    /// <summary>Times in one <c>POST /api/slots</c> by date.</summary>
    public const int MaxTimesPerDate = 500;
}
