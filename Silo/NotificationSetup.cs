using Booking.Grains.Interfaces;
using Booking.Grains.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Booking.Silo;

/// <summary>The outbox dispatcher, e-mail, webhooks and "my appointments" links, with their options.</summary>
public static class NotificationSetup
{
    public static IServiceCollection AddBookingNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NotificationOptions>(configuration);
        services.AddValidatedOptions<SmtpOptions>(configuration);
        services.AddValidatedOptions<LinkSigningOptions>(configuration);
        services.TryAddSingleton<NotificationMetrics>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<PatientLinkStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<NotificationLinks>();
        services.AddSingleton<VisitReminders>();
        services.AddSingleton<SmtpMailSender>();

        // No redirects: a webhook goes to the URL an admin registered, nowhere else.
        services.AddSingleton(_ => new WebhookSender(new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        { Timeout = Timeout.InfiniteTimeSpan }));
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }
}
