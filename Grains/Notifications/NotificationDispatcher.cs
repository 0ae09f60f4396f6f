using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using System.Diagnostics;

namespace Booking.Grains.Notifications;

/// <summary>
/// The silo's background sender: every <see cref="NotificationOptions.PollInterval"/> (at once again while there is a
/// full batch) it turns new appointment events into deliveries and sends the deliveries that are due, then records
/// each outcome. Never part of a booking call: a booking only writes its event. Every silo runs one; SKIP LOCKED
/// claims keep two from taking the same row, and a lease hands the work of a silo that died to the others.
/// </summary>
public sealed class NotificationDispatcher(
    NotificationStore store,
    SmtpMailSender mail,
    WebhookSender webhooks,
    NotificationLinks links,
    IOptions<NotificationOptions> options,
    IOptions<SmtpOptions> smtp,
    NotificationMetrics metrics,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int ParallelWebhooks = 8;

    /// <summary>How long a stopping silo tries to hand its claims back (the host gives the whole stop 30 s).</summary>
    private static readonly TimeSpan HandBackTimeout = TimeSpan.FromSeconds(5);

    private readonly NotificationOptions _options = options.Value;
    private readonly bool _emailEnabled = smtp.Value.Enabled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Dispatch)
        {
            logger.LogInformation("Notifications:Dispatch is false: this silo sends no notifications");
            return;
        }

        if (!_emailEnabled)
        {
            logger.LogWarning("Notifications:Smtp:Host is not set: e-mail is off (no confirmations, reminders or sign-in links are made); webhooks are sent");
        }

        if (!links.CanMakeLinks)
        {
            logger.LogWarning("Auth:SigningKey is not set on this silo: e-mails carry no link to the appointment and sign-in links are not sent");
        }

        // Yield first: the host's start must not wait for the first database round trip.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is down or a bug: nothing is lost (events stay undispatched, claims run out), so try again later.
                logger.LogWarning(e, "Notification dispatch failed; trying again in {PollInterval}", _options.PollInterval);
            }

            if (!busy)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: fan out new events, send due deliveries. True when a batch was full (more work is waiting).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var events = await store.DispatchEventsAsync(_options.BatchSize, _emailEnabled, clock.GetUtcNow(), cancellationToken);
        metrics.EventsDispatched(events);
        var now = clock.GetUtcNow();
        var claimed = await store.ClaimDeliveriesAsync(_options.BatchSize, _emailEnabled, now, now + _options.ClaimLease, cancellationToken);
        if (claimed.Count > 0)
        {
            try
            {
                await DeliverAsync(claimed, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await HandBackAsync(claimed);
                throw;
            }
        }

        return events >= _options.BatchSize || claimed.Count >= _options.BatchSize;
    }

    private async Task DeliverAsync(IReadOnlyList<ClaimedDelivery> claimed, CancellationToken cancellationToken)
    {
        var sources = await store.LoadSourcesAsync(claimed, cancellationToken);
        var results = new List<DeliveryResult>(claimed.Count);
        var mails = new List<(ClaimedDelivery Delivery, MimeMessage Message)>();
        foreach (var delivery in claimed.Where(d => d.Channel == DeliveryChannel.Email))
        {
            MimeMessage? message;
            try
            {
                message = Compose(delivery, sources);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A message that cannot be written never will be: give it up now rather than let it sink every batch it is in.
                results.Add(GivenUp(delivery, "compose: " + e.GetType().Name));
                continue;
            }

            if (message is null)
            {
                results.Add(Skipped(delivery));
            }
            else
            {
                mails.Add((delivery, message));
            }
        }

        var webhookTask = SendWebhooksAsync(claimed.Where(d => d.Channel == DeliveryChannel.Webhook).ToList(), sources, cancellationToken);
        if (mails.Count > 0)
        {
            var started = clock.GetUtcNow();
            var timer = Stopwatch.StartNew();
            var errors = await mail.SendAsync(mails.Select(m => m.Message).ToList(), cancellationToken);

            // One connection sends the batch; each message is charged an equal share of its time.
            var each = timer.Elapsed / mails.Count;
            results.AddRange(mails.Select((m, i) => Outcome(m.Delivery, errors[i], started, each)));
        }

        results.AddRange(await webhookTask);
        foreach (var result in results)
        {
            if (result.Status == DeliveryStatus.Dead)
            {
                // Ids and kinds only: the recipient is in the database, not in the log.
                logger.LogError("Delivery {DeliveryId} ({Channel} {Kind}) is dead after {Attempts} attempts: {Error}",
                    result.Delivery.Id, result.Delivery.Channel, result.Delivery.Kind, result.Delivery.Attempt, result.Error);
            }
            else if (result.Status == DeliveryStatus.Pending)
            {
                logger.LogWarning("Delivery {DeliveryId} ({Channel} {Kind}) failed attempt {Attempt}: {Error}; next at {NextAttemptAt:O}",
                    result.Delivery.Id, result.Delivery.Channel, result.Delivery.Kind, result.Delivery.Attempt, result.Error, result.NextAttemptAt);
            }
        }

        // Recorded even when the silo is stopping: the sends happened, and recording them avoids sending them again.
        await store.RecordAsync(results, clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>
    /// The silo is stopping in the middle of a batch: its unrecorded claims go back to the table at once, so another silo
    /// sends them now rather than after <see cref="NotificationOptions.ClaimLease"/>. A message that went out just before
    /// the stop may go again; delivery is at least once, and receivers tell repeats by their event id.
    /// </summary>
    private async Task HandBackAsync(IReadOnlyList<ClaimedDelivery> claimed)
    {
        try
        {
            using var bound = new CancellationTokenSource(HandBackTimeout);
            var handedBack = await store.HandBackAsync(claimed, clock.GetUtcNow(), bound.Token);
            logger.LogInformation("Stopping: {HandedBack} of {Claimed} claimed deliveries handed back for another silo to send", handedBack, claimed.Count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Stopping: the claimed deliveries could not be handed back; another silo sends them when their lease runs out");
        }
    }

    private MimeMessage? Compose(ClaimedDelivery delivery, DeliverySources sources)
    {
        var composer = links.Composer;
        if (delivery.Kind == MailKinds.SignInLink)
        {
            return delivery.LinkId is { } linkId && sources.Links.TryGetValue(linkId, out var link) && link.UsedAt is null && link.ExpiresAt > clock.GetUtcNow()
                ? composer.SignIn(delivery, link, _options.SignInLinkLifetime)
                : null;
        }

        if (delivery.AppointmentId is not { } id || !sources.Appointments.TryGetValue(id, out var appointment))
        {
            return null;
        }

        var madeBy = delivery.EventId is { } eventId ? sources.Events.GetValueOrDefault(eventId) : null;
        if (!MailKinds.StillTrue(delivery.Kind, appointment, madeBy))
        {
            return null;
        }

        var movedFrom = madeBy?.FromSlotId is { } fromSlotId ? sources.Slots.GetValueOrDefault(fromSlotId) : null;
        return composer.Appointment(delivery, appointment, madeBy, movedFrom, clock.GetUtcNow());
    }

    private async Task<IReadOnlyList<DeliveryResult>> SendWebhooksAsync(
        IReadOnlyList<ClaimedDelivery> deliveries, DeliverySources sources, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0)
        {
            return [];
        }

        using var turns = new SemaphoreSlim(ParallelWebhooks);
        return await Task.WhenAll(deliveries.Select(async delivery =>
        {
            if (delivery.EndpointId is not { } endpointId || !sources.Endpoints.TryGetValue(endpointId, out var target)
                || delivery.EventId is not { } eventId || !sources.Events.TryGetValue(eventId, out var outboxEvent))
            {
                return Skipped(delivery);
            }

            var appointment = sources.Appointments.GetValueOrDefault(outboxEvent.AppointmentId);
            var movedTo = outboxEvent.ToSlotId is { } toSlotId ? sources.Slots.GetValueOrDefault(toSlotId) : null;
            var body = WebhookSender.Payload(delivery.Kind, outboxEvent, appointment, movedTo, target.IncludeContactData);
            await turns.WaitAsync(cancellationToken);
            try
            {
                var started = clock.GetUtcNow();
                var timer = Stopwatch.StartNew();
                try
                {
                    var (code, error) = await webhooks.SendAsync(target, eventId, delivery.Attempt, body, started, _options.WebhookTimeout, cancellationToken);
                    return Outcome(delivery, error, started, timer.Elapsed) with { StatusCode = code };
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return Outcome(delivery, e.GetType().Name, started, timer.Elapsed);
                }
            }
            finally
            {
                turns.Release();
            }
        }));
    }

    private DeliveryResult Skipped(ClaimedDelivery delivery)
    {
        metrics.Attempted(delivery.Channel, DeliveryOutcome.Skipped, TimeSpan.Zero);
        var now = clock.GetUtcNow();
        return new DeliveryResult(delivery, DeliveryStatus.Skipped, now, "nothing to send any more", now, TimeSpan.Zero);
    }

    private DeliveryResult GivenUp(ClaimedDelivery delivery, string error)
    {
        metrics.Attempted(delivery.Channel, DeliveryOutcome.Dead, TimeSpan.Zero);
        var now = clock.GetUtcNow();
        return new DeliveryResult(delivery, DeliveryStatus.Dead, now, error, now, TimeSpan.Zero);
    }

    private DeliveryResult Outcome(ClaimedDelivery delivery, string? error, DateTimeOffset started, TimeSpan took)
    {
        if (error is null)
        {
            metrics.Attempted(delivery.Channel, DeliveryOutcome.Sent, took);
            return new DeliveryResult(delivery, DeliveryStatus.Sent, started, null, started, took);
        }

        if (delivery.Attempt >= _options.MaxAttempts)
        {
            metrics.Attempted(delivery.Channel, DeliveryOutcome.Dead, took);
            return new DeliveryResult(delivery, DeliveryStatus.Dead, started, error, started, took);
        }

        metrics.Attempted(delivery.Channel, DeliveryOutcome.Retry, took);
        return new DeliveryResult(delivery, DeliveryStatus.Pending, clock.GetUtcNow() + Backoff(delivery.Attempt), error, started, took);
    }

    /// <summary>RetryBaseDelay doubled per failed attempt, capped at RetryMaxDelay, with ±20% jitter so failed deliveries spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
