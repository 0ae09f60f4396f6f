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
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LinkSigningOptions>().Bind(configuration.GetSection(LinkSigningOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
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
