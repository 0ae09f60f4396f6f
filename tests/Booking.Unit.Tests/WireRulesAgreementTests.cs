using Booking.Api.Contracts;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Booking.Unit.Tests;

/// <summary>
/// The rules the OpenAPI document states (the request records' attributes: required, lengths, ranges, patterns) are
/// the rules the server enforces (the records' Validate): found by reflection, so a rule added to one side only fails here.
/// </summary>
public sealed class WireRulesAgreementTests
{
    /// <summary>Valid requests, one per shape; a rule is tried on the first shape that uses its field.</summary>
    private static readonly object[] Valid =
    [
        new BookingRequest(SlotId: "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", PatientName: "Ada", PatientEmail: "ada@example.com",
            PatientPhone: "+44 20 7946 0000", Reason: "Check-up"),
        new BookingRequest(DoctorId: "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", AppointmentDate: "2030-05-06", AppointmentTime: "09:30",
            PatientName: "Ada", PatientEmail: "ada@example.com", PatientPhone: "+44 20 7946 0000"),
        new DoctorRequest("Dr Ada", "Cardiology", "ada@clinic.example", "+44 20 7946 0000", 12, "Bio", "North Clinic", "Europe/London"),
        new CreateSlotsRequest("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", Date: "2030-05-06", Time: "09:00", DurationMinutes: 30),
        new CreateSlotsRequest("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", Date: "2030-05-06", Times: ["09:00", "10:00"]),
        new CreateSlotsRequest("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", StartDate: "2030-05-06", EndDate: "2030-05-07",
            StartTime: "09:00", EndTime: "12:00", SlotMinutes: 30),
    ];

    /// <summary>Values on both sides of every pattern; the server must accept exactly those the pattern matches.</summary>
    private static readonly Dictionary<string, (string Message, string[] Values)> Samples = new()
    {
        [WireFormats.Phone] = ("must be a phone number", ["+49 30 1234567", "(030) 123-45.67", "12345", "+1-555-0100", "123456789012345", "1234", "call me", "+49 30 12345x",
            "++4930123456", "49+30123456", "1234567890123456", "\u0661\u0662\u0663\u0664\u0665\u0666", "+1 555 0100 ext 5", "555-CALL-NOW"]),
        [WireFormats.Email] = ("must be an email address", ["name@example.com", "first.last+tag@sub.example.org", "plainaddress", "@example.com", "name@", "name@localhost",
            "na me@example.com", "a@b@example.com", "<anna@example.com>", "Anna <anna@example.com>", "\"anna\"@example.com", "anna@[127.0.0.1].com", "a,b@example.com"]),
        [WireFormats.Uuid] = ("must be a UUID", ["3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", "3F2B8C1E-4D5A-4B6C-9E7F-0A1B2C3D4E5F", "not-a-uuid",
            "3f2b8c1e4d5a4b6c9e7f0a1b2c3d4e5f", "{3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f}", "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5"]),
        [WireFormats.Date] = ("must be a calendar date", ["2030-01-01", "2030-12-31", "2030-1-1", "01/01/2030", "2030-01-01T00:00", "20300101"]),
        [WireFormats.Time] = ("must be a time of day", ["00:00", "09:30", "23:59", "24:00", "9:00", "09:60", "25:61", "09:00:00", "0900"]),
    };

    public static TheoryData<string> DocumentedRules()
    {
        var rules = new TheoryData<string>();
        foreach (var (type, property, attribute) in Rules())
        {
            rules.Add($"{type.Name}.{property.Name} {attribute.GetType().Name}");
        }

        return rules;
    }

    [Theory]
    [MemberData(nameof(DocumentedRules))]
    public void EveryDocumentedRuleIsTheOneTheServerEnforces(string rule)
    {
        var (type, property, attribute) = Rules().Single(r => $"{r.Type.Name}.{r.Property.Name} {r.Attribute.GetType().Name}" == rule);
        var valid = Valid.First(v => v.GetType() == type && property.GetValue(v) is not null);
        var field = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
        Assert.Empty(Errors(valid).Keys);

        switch (attribute)
        {
            case RequiredAttribute:
                Assert.Contains(field, Errors(With(valid, property, null)).Keys);
                break;
            case MinLengthAttribute { Length: 1 }:
                Assert.Contains(field, Errors(With(valid, property, property.PropertyType == typeof(string) ? "" : new List<string?>())).Keys);
                break;
            case MaxLengthAttribute max when property.PropertyType == typeof(string):
                Assert.False(Says(With(valid, property, new string('x', max.Length)), field, "must be at most"), $"{rule}: {max.Length} characters refused");
                Assert.True(Says(With(valid, property, new string('x', max.Length + 1)), field, $"must be at most {max.Length} characters"),
                    $"{rule}: {max.Length + 1} characters not refused for their length");
                break;
            case MaxLengthAttribute max:
                Assert.False(Says(With(valid, property, Times(max.Length)), field, "must list"), $"{rule}: {max.Length} items refused");
                Assert.True(Says(With(valid, property, Times(max.Length + 1)), field, $"must list 1 to {max.Length}"), $"{rule}: {max.Length + 1} items accepted");
                break;
            case RangeAttribute range:
                var (min, top) = (Convert.ToInt32(range.Minimum, CultureInfo.InvariantCulture), Convert.ToInt32(range.Maximum, CultureInfo.InvariantCulture));
                var between = $"must be between {min} and {top}";
                Assert.False(Says(With(valid, property, (int?)min), field, between), $"{rule}: {min} refused");
                Assert.False(Says(With(valid, property, (int?)top), field, between), $"{rule}: {top} refused");
                Assert.True(Says(With(valid, property, (int?)(min - 1)), field, between), $"{rule}: {min - 1} accepted");
                Assert.True(Says(With(valid, property, (int?)(top + 1)), field, between), $"{rule}: {top + 1} accepted");
                break;
            case RegularExpressionAttribute pattern:
                Assert.True(Samples.ContainsKey(pattern.Pattern), $"no samples for the pattern of {rule}: add them above");
                var (message, samples) = Samples[pattern.Pattern];
                foreach (var sample in samples)
                {
                    var documented = Regex.IsMatch(sample, pattern.Pattern);
                    var enforced = !Says(With(valid, property, sample), field, message);
                    Assert.True(documented == enforced,
                        $"{rule}: '{sample}' is {(documented ? "allowed" : "refused")} by the document but {(enforced ? "accepted" : "refused")} by the server");
                }

                break;
            case EmailAddressAttribute:
                Assert.True(Says(With(valid, property, "not-an-email"), field, "must be an email address"), $"{rule}: not-an-email accepted");
                break;
            default:
                Assert.Fail($"{rule}: no agreement check for this kind of rule; add one");
                break;
        }
    }

    [Fact]
    public void ThePatternsAreOnesEcmaScriptReadsTheSame()
    {
        // JSON Schema patterns are ECMAScript regular expressions: keep to the subset both engines read alike.
        foreach (var pattern in Samples.Keys)
        {
            Assert.DoesNotContain(@"\d", pattern, StringComparison.Ordinal);
            Assert.DoesNotContain(@"\-", pattern, StringComparison.Ordinal);
            Assert.DoesNotContain("(?<", pattern, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<(Type Type, PropertyInfo Property, ValidationAttribute Attribute)> Rules() =>
        Valid.Select(v => v.GetType()).Distinct()
            .SelectMany(t => t.GetProperties().SelectMany(p => p.GetCustomAttributes<ValidationAttribute>().Select(a => (t, p, a))))
            .DistinctBy(r => (r.t, r.p.Name, r.a.GetType()));

    private static object With(object request, PropertyInfo property, object? value)
    {
        var copy = request.GetType().GetMethod("<Clone>$")!.Invoke(request, null)!;
        property.SetValue(copy, value);
        return copy;
    }

    private static Dictionary<string, string[]> Errors(object request)
    {
        var errors = new FieldErrors();
        request.GetType().GetMethod("Validate")!.Invoke(request, [errors]);
        return errors.ToDictionary();
    }

    /// <summary>True when the server's answer to <paramref name="request"/> has a message on <paramref name="field"/> that starts so.</summary>
    private static bool Says(object request, string field, string messageStart) =>
        Errors(request).TryGetValue(field, out var messages) && messages.Any(m => m.StartsWith(messageStart, StringComparison.Ordinal));

    private static List<string?> Times(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new TimeOnly(0, 0).AddMinutes(i).ToString("HH:mm", CultureInfo.InvariantCulture))];
}
