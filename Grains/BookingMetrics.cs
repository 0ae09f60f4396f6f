using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Booking.Grains;

/// <summary>
/// The <c>Booking</c> meter: what the engine does, as counters and a histogram a Prometheus scrape or an
/// OTLP collector reads. Tags carry outcomes only, never anything about a patient.
/// </summary>
public sealed class BookingMetrics
{
    /// <summary>The meter's name, to subscribe to (e.g. <c>AddMeter(BookingMetrics.MeterName)</c>).</summary>
    public const string MeterName = "Booking";

    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _holdsExpired;
    private readonly Counter<long> _serializationRetries;
    private readonly Counter<long> _deadlinesMissed;
    private readonly Counter<long> _holdsSwept;
    private readonly UpDownCounter<long> _openConnections;

    /// <param name="meters">The host's meter factory; without one (tools, tests) a meter of its own.</param>
    public BookingMetrics(IMeterFactory? meters = null)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _attempts = meter.CreateCounter<long>("booking.attempts", "{attempt}", "Booking attempts that reached a slot grain, by outcome.");
        _duration = meter.CreateHistogram<double>("booking.duration", "s", "Time a slot grain took to answer a booking attempt, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _holdsExpired = meter.CreateCounter<long>("booking.holds.expired", "{hold}", "PENDING holds expired after their time, by their reminder or the expiry sweep.");
        _serializationRetries = meter.CreateCounter<long>("booking.serialization.retries", "{retry}", "Transactions tried again after a serialization failure or deadlock.");
        _deadlinesMissed = meter.CreateCounter<long>("booking.deadline.missed", "{write}", "Writes refused because they could not start before their deadline (answered 503; nothing written).");
        _holdsSwept = meter.CreateCounter<long>("booking.holds.swept", "{hold}", "PENDING holds the expiry sweep had to expire because their reminder had not (a subset of booking.holds.expired).");
        _openConnections = meter.CreateUpDownCounter<long>("booking.db.connections.open", "{connection}", "Database connections the grains hold open right now.");
    }

    /// <summary>Records one booking attempt that started at <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void BookingAttempted(string outcome, long startedAt)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _attempts.Add(1, tag);
        _duration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tag);
    }

    public void HoldExpired() => _holdsExpired.Add(1);

    public void SerializationRetried() => _serializationRetries.Add(1);

    public void HoldsSwept(int count) => _holdsSwept.Add(count);

    public void DeadlineMissed() => _deadlinesMissed.Add(1);

    public void ConnectionOpened() => _openConnections.Add(1);

    public void ConnectionClosed() => _openConnections.Add(-1);
}

/// <summary>The values of the <c>outcome</c> tag of <c>booking.attempts</c> and <c>booking.duration</c>.</summary>
public static class BookingAttemptOutcome
{
    /// <summary>The attempt committed a PENDING hold.</summary>
    public const string Won = "won";

    /// <summary>Refused from the slot grain's memory: a hold was known, no database round trip.</summary>
    public const string TakenFromMemory = "taken_from_memory";

    /// <summary>Memory said free but the transaction found a holder (another activation or writer).</summary>
    public const string TakenInDatabase = "taken_in_db";

    public const string NotFound = "not_found";

    public const string InPast = "in_past";

    /// <summary>Nothing booked: the request's Idempotency-Key already had a record (answered from that record).</summary>
    public const string KeyUsed = "key_used";

    /// <summary>The database was down or contention outlived the retries (answered 503).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Any other failure (a bug or an unexpected database error).</summary>
    public const string Error = "error";
}
