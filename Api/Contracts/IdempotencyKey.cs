using System.Security.Cryptography;
using System.Text.Json;

namespace Booking.Api.Contracts;

/// <summary>The <c>Idempotency-Key</c> header of <c>POST /api/appointments/book</c>.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>What <see cref="Validate"/> accepts, for the OpenAPI document: 1 to 255 visible ASCII characters.</summary>
    public const string Pattern = "^[!-~]{1,255}$";

    /// <summary>The key, or null when none was sent; 1 to 255 visible ASCII characters (a UUID is a good key).</summary>
    public static string? Validate(FieldErrors errors, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length is 0 or > MaxLength || value.Any(c => c is < '!' or > '~'))
        {
            errors.Add(Header, $"must be 1 to {MaxLength} visible ASCII characters, such as a UUID.");
            return null;
        }

        return value;
    }

    /// <summary>A fingerprint of the request body as bound, so the same key with another body can be told apart.</summary>
    public static string Hash(BookingRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
}
