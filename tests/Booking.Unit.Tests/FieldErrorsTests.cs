using Booking.Api.Contracts;

namespace Booking.Unit.Tests;

public sealed class FieldErrorsTests
{
    private readonly FieldErrors _errors = new();

    private string[] MessagesFor(string field) =>
        _errors.ToDictionary().TryGetValue(field, out var messages) ? messages : [];

    private void AssertOnlyErrorOn(string field)
    {
        Assert.False(_errors.IsEmpty);
        Assert.Equal([field], _errors.ToDictionary().Keys);
        Assert.NotEmpty(MessagesFor(field));
    }

    [Fact]
    public void ANewCollectorHasNoErrors()
    {
        Assert.True(_errors.IsEmpty);
        Assert.Empty(_errors.ToDictionary());
    }

    [Fact]
    public void MessagesAddedToOneFieldAreKeptTogetherInOrder()
    {
        _errors.Add("patient_name", "first");
        _errors.Add("patient_name", "second");
        _errors.Add("patient_email", "third");

        var all = _errors.ToDictionary();

        Assert.Equal(["first", "second"], all["patient_name"]);
        Assert.Equal(["third"], all["patient_email"]);
    }

    [Theory]
    [InlineData("Anna", "Anna")]
    [InlineData("  Anna Berg \t", "Anna Berg")]
    [InlineData("Zoë Ångström", "Zoë Ångström")]
    public void TextIsReturnedTrimmed(string input, string expected)
    {
        Assert.Equal(expected, _errors.Text("patient_name", input, 255, required: true));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void MissingRequiredTextIsRejectedOnItsField(string? input)
    {
        Assert.Null(_errors.Text("patient_name", input, 255, required: true));
        AssertOnlyErrorOn("patient_name");
        Assert.Equal(["is required."], MessagesFor("patient_name"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void MissingOptionalTextIsNullWithoutAnError(string? input)
    {
        Assert.Null(_errors.Text("clinic_name", input, 255, required: false));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void TextOfExactlyTheMaximumLengthIsAccepted()
    {
        var text = new string('a', 100);

        Assert.Equal(text, _errors.Text("specialization", text, 100, required: true));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void TextOneCharacterOverTheMaximumLengthIsRejected()
    {
        Assert.Null(_errors.Text("specialization", new string('a', 101), 100, required: true));
        AssertOnlyErrorOn("specialization");
        Assert.Contains("100", MessagesFor("specialization")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void SurroundingSpacesDoNotCountTowardsTheMaximumLength()
    {
        Assert.Equal("abcde", _errors.Text("name", "   abcde   ", 5, required: true));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("Anna\nBerg")]
    [InlineData("Anna\tBerg")]
    [InlineData("Anna\rBerg")]
    [InlineData("Anna\u0000Berg")]
    [InlineData("Anna\u001bBerg")]
    [InlineData("Anna\u007fBerg")]
    [InlineData("Anna\u0085Berg")]
    public void TextWithAControlCharacterInsideIsRejected(string input)
    {
        Assert.Null(_errors.Text("patient_name", input, 255, required: true));
        AssertOnlyErrorOn("patient_name");
    }

    [Theory]
    [InlineData("Line one\nLine two")]
    [InlineData("Line one\r\nLine two")]
    [InlineData("Col\tumn")]
    public void LongTextKeepsLineBreaksAndTabs(string input)
    {
        Assert.Equal(input, _errors.LongText("reason", input, 2000));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("Bad\u0000byte")]
    [InlineData("Bell\u0007rings")]
    [InlineData("Escape\u001b[31m")]
    [InlineData("Delete\u007fme")]
    [InlineData("Vertical\u000btab")]
    [InlineData("Form\u000cfeed")]
    public void LongTextWithOtherControlCharactersIsRejected(string input)
    {
        Assert.Null(_errors.LongText("reason", input, 2000));
        AssertOnlyErrorOn("reason");
    }

    [Fact]
    public void LongTextIsTrimmed()
    {
        Assert.Equal("Back pain", _errors.LongText("reason", "\n  Back pain \r\n", 2000));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    public void MissingLongTextIsNullWithoutAnError(string? input)
    {
        Assert.Null(_errors.LongText("bio", input, 4000));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void LongTextOverItsMaximumLengthIsRejected()
    {
        Assert.Equal(new string('x', 4000), _errors.LongText("bio", new string('x', 4000), 4000));
        Assert.True(_errors.IsEmpty);

        Assert.Null(_errors.LongText("bio", new string('x', 4001), 4000));
        AssertOnlyErrorOn("bio");
    }

    [Theory]
    [InlineData("name@example.com")]
    [InlineData("first.last+tag@sub.example.org")]
    [InlineData("  padded@example.com  ")]
    public void AWellFormedEmailIsAccepted(string input)
    {
        Assert.Equal(input.Trim(), _errors.Email("patient_email", input));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("name@")]
    [InlineData("name@localhost")]
    [InlineData("name@@example.com")]
    [InlineData("na me@example.com")]
    [InlineData("Anna <anna@example.com>")]
    [InlineData("<anna@example.com>")]
    [InlineData("a@b@example.com")]
    public void AMalformedEmailIsRejected(string input)
    {
        Assert.Null(_errors.Email("patient_email", input));
        AssertOnlyErrorOn("patient_email");
    }

    [Fact]
    public void AnEmailIsRequiredByDefault()
    {
        Assert.Null(_errors.Email("email", null));
        Assert.Equal(["is required."], MessagesFor("email"));
    }

    [Fact]
    public void AnOptionalEmailMayBeMissing()
    {
        Assert.Null(_errors.Email("email", "  ", required: false));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void AnEmailLongerThan255CharactersIsRejected()
    {
        var email = new string('a', 64) + "@" + new string('b', 190) + ".com";
        Assert.True(email.Length > 255);

        Assert.Null(_errors.Email("patient_email", email));
        AssertOnlyErrorOn("patient_email");
    }

    [Theory]
    [InlineData("+49 30 1234567")]
    [InlineData("(030) 123-45.67")]
    [InlineData("12345")]
    [InlineData("+1-555-0100")]
    public void APlausiblePhoneNumberIsAccepted(string input)
    {
        Assert.Equal(input, _errors.Phone("patient_phone", input));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("call me")]
    [InlineData("+49 30 12345x")]
    [InlineData("++4930123456")]
    [InlineData("49+30123456")]
    [InlineData("123456789012345678901")]
    public void AnImplausiblePhoneNumberIsRejected(string input)
    {
        Assert.Null(_errors.Phone("patient_phone", input));
        AssertOnlyErrorOn("patient_phone");
    }

    [Fact]
    public void APhoneNumberIsRequired()
    {
        Assert.Null(_errors.Phone("phone", " "));
        Assert.Equal(["is required."], MessagesFor("phone"));
    }

    [Theory]
    [InlineData("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f")]
    [InlineData("3F2B8C1E-4D5A-4B6C-9E7F-0A1B2C3D4E5F")]
    [InlineData(" 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f ")]
    public void AUuidIsParsed(string input)
    {
        Assert.Equal(Guid.Parse("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f"), _errors.Id("slot_id", input));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("3f2b8c1e4d5a4b6c9e7f0a1b2c3d4e5f")]
    [InlineData("{3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f}")]
    [InlineData("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5")]
    [InlineData("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5g")]
    [InlineData("42")]
    public void AnythingButAHyphenatedUuidIsRejected(string input)
    {
        Assert.Null(_errors.Id("doctor_id", input));
        AssertOnlyErrorOn("doctor_id");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AMissingRequiredIdIsRejected(string? input)
    {
        Assert.Null(_errors.Id("doctor_id", input));
        Assert.Equal(["is required."], MessagesFor("doctor_id"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AMissingOptionalIdIsNullWithoutAnError(string? input)
    {
        Assert.Null(_errors.Id("doctor_id", input, required: false));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void AMalformedOptionalIdIsStillRejected()
    {
        Assert.Null(_errors.Id("doctor_id", "nope", required: false));
        AssertOnlyErrorOn("doctor_id");
    }

    [Theory]
    [InlineData("2025-02-03", 2025, 2, 3)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("2025-12-31", 2025, 12, 31)]
    [InlineData(" 2025-02-03 ", 2025, 2, 3)]
    public void ACalendarDateIsParsed(string input, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), _errors.Date("appointment_date", input));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("2025-02-30")]
    [InlineData("2025-02-29")]
    [InlineData("2025-13-01")]
    [InlineData("2025-00-10")]
    [InlineData("2025-04-31")]
    public void ADateThatDoesNotExistIsRejected(string input)
    {
        Assert.Null(_errors.Date("appointment_date", input));
        AssertOnlyErrorOn("appointment_date");
    }

    [Theory]
    [InlineData("2025-2-3")]
    [InlineData("2025/02/03")]
    [InlineData("03.02.2025")]
    [InlineData("02/03/2025")]
    [InlineData("20250203")]
    [InlineData("2025-02-03T10:00")]
    [InlineData("2025-02-03 10:00")]
    [InlineData("25-02-03")]
    [InlineData("tomorrow")]
    public void ADateInAnyOtherFormatIsRejected(string input)
    {
        Assert.Null(_errors.Date("appointment_date", input));
        AssertOnlyErrorOn("appointment_date");
        Assert.Contains("YYYY-MM-DD", MessagesFor("appointment_date")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void AMissingRequiredDateIsRejected(string? input)
    {
        Assert.Null(_errors.Date("start_date", input));
        Assert.Equal(["is required."], MessagesFor("start_date"));
    }

    [Fact]
    public void AMissingOptionalDateIsNullWithoutAnError()
    {
        Assert.Null(_errors.Date("date", " ", required: false));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("00:00", 0, 0)]
    [InlineData("09:00", 9, 0)]
    [InlineData("12:30", 12, 30)]
    [InlineData("23:59", 23, 59)]
    [InlineData(" 08:15 ", 8, 15)]
    public void ATimeOfDayIsParsed(string input, int hour, int minute)
    {
        Assert.Equal(new TimeOnly(hour, minute), _errors.Time("appointment_time", input));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("25:61")]
    [InlineData("24:00")]
    [InlineData("23:60")]
    [InlineData("9:00")]
    [InlineData("09:0")]
    [InlineData("09:00:00")]
    [InlineData("0900")]
    [InlineData("09.00")]
    [InlineData("9am")]
    [InlineData("09:00 PM")]
    [InlineData("-01:00")]
    public void ATimeThatIsNotStrictlyHoursAndMinutesIsRejected(string input)
    {
        Assert.Null(_errors.Time("appointment_time", input));
        AssertOnlyErrorOn("appointment_time");
        Assert.Contains("HH:mm", MessagesFor("appointment_time")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void AMissingRequiredTimeIsRejected(string? input)
    {
        Assert.Null(_errors.Time("start_time", input));
        Assert.Equal(["is required."], MessagesFor("start_time"));
    }

    [Fact]
    public void AMissingOptionalTimeIsNullWithoutAnError()
    {
        Assert.Null(_errors.Time("time", null, required: false));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(79)]
    [InlineData(80)]
    public void ANumberWithinItsRangeIsAccepted(int value)
    {
        Assert.Equal(value, _errors.Number("experience_years", value, 0, 80));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(81)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void ANumberOutsideItsRangeIsRejected(int value)
    {
        Assert.Null(_errors.Number("experience_years", value, 0, 80));
        AssertOnlyErrorOn("experience_years");
        Assert.Equal(["must be between 0 and 80."], MessagesFor("experience_years"));
    }

    [Fact]
    public void AMissingOptionalNumberIsNullWithoutAnError()
    {
        Assert.Null(_errors.Number("experience_years", null, 0, 80));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void AMissingRequiredNumberIsRejected()
    {
        Assert.Null(_errors.Number("limit", null, 1, 100, required: true));
        Assert.Equal(["is required."], MessagesFor("limit"));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Etc/UTC")]
    public void AnIanaTimeZoneIsAccepted(string input)
    {
        Assert.Equal(input, _errors.TimeZone("time_zone", input));
        Assert.True(_errors.IsEmpty);
    }

    [Fact]
    public void ATimeZoneIsTrimmed()
    {
        Assert.Equal("Europe/Berlin", _errors.TimeZone("time_zone", "  Europe/Berlin "));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingTimeZoneDefaultsToUtc(string? input)
    {
        Assert.Equal("UTC", _errors.TimeZone("time_zone", input));
        Assert.True(_errors.IsEmpty);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Berlin")]
    [InlineData("Europe/Berlin/Mitte")]
    [InlineData("GMT+25")]
    [InlineData("../../etc/passwd")]
    [InlineData("Europe/../Europe/Berlin")]
    [InlineData("/usr/share/zoneinfo/Europe/Berlin")]
    [InlineData("not a zone")]
    [InlineData("W. Europe Standard Time")]
    public void ATimeZoneThatIsNotAnIanaNameIsRejected(string input)
    {
        Assert.Null(_errors.TimeZone("time_zone", input));
        AssertOnlyErrorOn("time_zone");
    }

    [Theory]
    [InlineData("Europe/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("Europe/Berlin\u0000")]
    [InlineData("Europe/\nBerlin")]
    public void ATimeZoneThatIsTooLongOrHoldsControlCharactersIsRejectedWithNoValue(string input)
    {
        // Like every parse method: null after recording why, not the default zone.
        Assert.Null(_errors.TimeZone("time_zone", input));
        AssertOnlyErrorOn("time_zone");
    }

    [Fact]
    public void AnAcceptedTimeZoneIsOneEveryProcessCanFindAgain()
    {
        // The value is stored and later resolved by the silo (Clock.ToInstant) in another process. Lookups on
        // Linux are case-sensitive on disk but served case-insensitively from the process's cache, so a
        // wrongly cased name must come back under its canonical spelling (or be refused), never as typed.
        Assert.NotNull(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        var accepted = _errors.TimeZone("time_zone", "europe/berlin");

        if (accepted is null)
        {
            AssertOnlyErrorOn("time_zone");
        }
        else
        {
            Assert.Equal("Europe/Berlin", accepted);
            Assert.True(_errors.IsEmpty);
        }
    }

    [Fact]
    public void ErrorsOnDifferentFieldsAreAllReported()
    {
        _errors.Text("patient_name", null, 255, required: true);
        _errors.Email("patient_email", "nope");
        _errors.Date("appointment_date", "2025-02-30");

        Assert.Equal(
            ["appointment_date", "patient_email", "patient_name"],
            _errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
