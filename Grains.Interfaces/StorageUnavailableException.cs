namespace Booking.Grains.Interfaces;

/// <summary>
/// The database could not do the work now: it is down or overloaded, or a serialization conflict
/// outlived its retries. The call's transaction was rolled back (unless the connection broke during
/// the commit itself, which the caller cannot tell apart), so it may be retried after
/// <see cref="RetryAfterSeconds"/>.
/// </summary>
[GenerateSerializer, Alias("Booking.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message, int retryAfterSeconds = 1)
        : base(message)
    {
        RetryAfterSeconds = retryAfterSeconds;
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long a client should wait before trying again.</summary>
    [Id(0)]
    public int RetryAfterSeconds { get; init; } = 1;
}
