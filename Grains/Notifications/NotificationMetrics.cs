using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Booking.Grains.Notifications;

/// <summary>
/// The notification instruments of the <c>Booking</c> meter (<see cref="BookingMetrics.MeterName"/>): events turned into
/// deliveries, and every delivery attempt by channel and outcome. Tags carry channels and outcomes only, never a recipient.
/// </summary>
public sealed class NotificationMetrics
{
    private readonly Counter<long> _events;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _duration;

    public NotificationMetrics(IMeterFactory? meters = null)
    {
        var meter = meters?.Create(BookingMetrics.MeterName) ?? new Meter(BookingMetrics.MeterName);
        _events = meter.CreateCounter<long>("booking.notifications.events", "{event}", "Appointment events the dispatcher took from the outbox.");
        _attempts = meter.CreateCounter<long>("booking.notifications.attempts", "{attempt}",
            "Delivery attempts by channel (email, webhook) and outcome: sent, retry (failed, tried again later), dead (failed for the last time), skipped (nothing to send any more).");
        _duration = meter.CreateHistogram<double>("booking.notifications.duration", "s", "Time one delivery attempt took, by channel and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public void EventsDispatched(long count)
    {
        if (count > 0)
        {
            _events.Add(count);
        }
    }

    public void Attempted(string channel, string outcome, TimeSpan took)
    {
        var tags = new TagList { { "channel", channel }, { "outcome", outcome } };
        _attempts.Add(1, tags);
        _duration.Record(took.TotalSeconds, tags);
    }
}

/// <summary>The values of the <c>outcome</c> tag of <c>booking.notifications.attempts</c>, and the delivery statuses they lead to.</summary>
public static class DeliveryOutcome
{
    public const string Sent = "sent";
    public const string Retry = "retry";
    public const string Dead = "dead";
    public const string Skipped = "skipped";
}
