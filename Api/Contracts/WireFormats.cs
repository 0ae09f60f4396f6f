namespace Booking.Api.Contracts;

/// <summary>
/// The wire formats as regular expressions, for the OpenAPI document's <c>pattern</c>s. The request
/// records carry them as attributes for documentation only: validation is <see cref="FieldErrors"/>.
/// </summary>
public static class WireFormats
{
    public const string Uuid = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    public const string Date = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    public const string Time = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
    public const string Phone = "^[0-9 +().-]{5,20}$";
}
