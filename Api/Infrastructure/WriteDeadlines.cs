using Microsoft.Extensions.Options;

namespace Booking.Api.Infrastructure;

/// <summary>The deadline a write sent now carries to its grain.</summary>
public sealed class WriteDeadlines(IOptions<WriteDeadlineOptions> options, IOptions<OrleansClientOptions> orleans, TimeProvider clock)
{
    private readonly TimeSpan _budget = options.Value.WriteDeadline < orleans.Value.ResponseTimeout / 2
        ? options.Value.WriteDeadline
        : orleans.Value.ResponseTimeout / 2;

    /// <summary>The instant after which a write sent now must not start its transaction.</summary>
    public DateTimeOffset FromNow() => clock.GetUtcNow() + _budget;
}
