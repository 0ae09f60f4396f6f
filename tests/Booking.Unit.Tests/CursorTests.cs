using Booking.Api.Contracts;
using Booking.Grains.Interfaces;
using System.Text;

namespace Booking.Unit.Tests;

public sealed class CursorTests
{
    private readonly FieldErrors _errors = new();

    public static TheoryData<DateTimeOffset> Instants => new()
    {
        new DateTimeOffset(2030, 5, 6, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4567),
        new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)),
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void ADecodedCursorIsTheEncodedOne(DateTimeOffset createdAt)
    {
        var cursor = new AppointmentCursor(createdAt, Guid.NewGuid());

        var decoded = Cursor.Decode(_errors, "cursor", Cursor.Encode(cursor));

        Assert.True(_errors.IsEmpty);
        Assert.NotNull(decoded);
        Assert.Equal(cursor.Id, decoded.Id);
        Assert.Equal(createdAt.UtcTicks, decoded.CreatedAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, decoded.CreatedAt.Offset);
    }

    [Fact]
    public void AnEncodedCursorIsSafeInAUrl()
    {
        var encoded = Cursor.Encode(new AppointmentCursor(DateTimeOffset.MaxValue, Guid.NewGuid()));

        Assert.Matches("^[A-Za-z0-9_-]+$", encoded);
    }

    [Fact]
    public void DifferentCursorsEncodeDifferently()
    {
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(2030, 5, 6, 9, 30, 0, TimeSpan.Zero);

        Assert.NotEqual(Cursor.Encode(new AppointmentCursor(at, id)), Cursor.Encode(new AppointmentCursor(at.AddTicks(1), id)));
        Assert.NotEqual(Cursor.Encode(new AppointmentCursor(at, id)), Cursor.Encode(new AppointmentCursor(at, Guid.NewGuid())));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoCursorMeansTheFirstPage(string? value)
    {
        Assert.Null(Cursor.Decode(_errors, "cursor", value));
        Assert.True(_errors.IsEmpty);
    }

    private static string Url64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static TheoryData<string> Garbage => new()
    {
        "!!!",
        "not a cursor",
        "a",
        "%%%%",
        "abc$def",
        Url64("hello"),
        Url64("638000000000000000"),
        Url64("638000000000000000:"),
        Url64(":" + Guid.NewGuid().ToString("N")),
        Url64("-1:" + Guid.NewGuid().ToString("N")),
        Url64("+5:" + Guid.NewGuid().ToString("N")),
        Url64(" 5:" + Guid.NewGuid().ToString("N")),
        Url64("3155378976000000000:" + Guid.NewGuid().ToString("N")),
        Url64("99999999999999999999:" + Guid.NewGuid().ToString("N")),
        Url64("638000000000000000:not-a-guid"),
        Url64("638000000000000000:" + Guid.NewGuid().ToString("D")),
        Url64("638000000000000000:" + Guid.NewGuid().ToString("N") + ":extra"),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void ACursorThisServiceDidNotHandOutIsRejectedOnTheGivenField(string value)
    {
        Assert.Null(Cursor.Decode(_errors, "after", value));

        var errors = _errors.ToDictionary();
        Assert.Equal(["after"], errors.Keys);
        Assert.Single(errors["after"]);
    }

    [Fact]
    public void ACursorWithTheLargestRepresentableTimeIsAccepted()
    {
        var id = Guid.NewGuid();

        var decoded = Cursor.Decode(_errors, "cursor", Url64("3155378975999999999:" + id.ToString("N")));

        Assert.Equal(new AppointmentCursor(DateTimeOffset.MaxValue, id), decoded);
        Assert.True(_errors.IsEmpty);
    }
}
