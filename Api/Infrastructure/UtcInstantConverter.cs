using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Booking.Api.Infrastructure;

/// <summary>Writes every instant in UTC as ISO-8601 with a <c>Z</c> (<c>2026-01-31T09:30:00.123Z</c>); reads any ISO-8601 offset.</summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
