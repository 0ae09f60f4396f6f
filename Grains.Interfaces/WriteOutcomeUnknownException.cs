namespace Booking.Grains.Interfaces;

/// <summary>
/// The connection to the database broke after a write was sent, so it may or may not have committed.
/// Never answered as "nothing changed": the caller reads the outcome back (the appointment's id is known
/// before the booking is sent) or retries with the same Idempotency-Key.
/// </summary>
[GenerateSerializer, Alias("Booking.WriteOutcomeUnknownException")]
public sealed class WriteOutcomeUnknownException : Exception
{
    public WriteOutcomeUnknownException()
    {
    }

    public WriteOutcomeUnknownException(string message)
        : base(message)
    {
    }

    public WriteOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
