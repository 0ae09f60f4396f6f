using Booking.Grains;
using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Booking.Silo;

public static class BookingSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name under which the Orleans providers find Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// What every booking silo has, whatever its clustering: the grains' services and options,
    /// reminders and grain storage in the booking database. Tests add these to their test clusters.
    /// </summary>
    public static ISiloBuilder AddBookingServices(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = OrleansConnectionString(configuration);
        silo.Services.AddValidatedOptions<BookingOptions>(configuration);
        silo.Services.AddValidatedOptions<WorkingHoursOptions>(configuration);
        silo.Services.AddBookingGrainServices(GrainsConnectionString(configuration, configuration.GetValidated<BookingOptions>()));
        silo.Services.AddHostedService<HoldExpirySweep>();
        silo.Services.AddBookingNotifications(configuration);

        // Orleans' reminder settings from Orleans:Reminders. MinimumReminderPeriod is also the period of the
        // hold-expiry reminders, so it defaults to 5 s here (Orleans: 1 minute): a hold whose expiry fell due
        // while its silo was down is expired within 5 s of a silo taking its reminder over, not up to a minute.
        silo.Services.AddOptions<ReminderOptions>()
            .Configure(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(5))
            .Bind(configuration.GetSection("Orleans:Reminders"));

        // Orleans' cache of where grains live, capped at Orleans:DirectoryCacheSize (SiloHostOptions explains why).
        var directoryCacheSize = configuration.GetValidated<SiloHostOptions>().DirectoryCacheSize;
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = directoryCacheSize);
        // Reminders in the booking database, their writes batched (ReminderTable explains why), on a pool of their own.
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(services => new ReminderTable(
            ServiceCollectionExtensions.CreateDataSource(RemindersConnectionString(configuration)),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>Clustering through the membership table in the booking database, on the configured ports.</summary>
    public static ISiloBuilder AddBookingClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = OrleansConnectionString(configuration);
        var host = configuration.GetValidated<SiloHostOptions>();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = host.ClusterId;
            o.ServiceId = host.ServiceId;
        });
        silo.ConfigureEndpoints(System.Net.IPAddress.Parse(host.AdvertisedIPAddress), host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: false);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        return silo.AddBookingMembershipTiming(configuration);
    }

    /// <summary>The connection string of Orleans' providers: their own small pool, named in pg_stat_activity.</summary>
    public static string OrleansConnectionString(IConfiguration configuration) =>
        WithPool(BookingConnectionString(configuration), "booking-orleans", BookingOptions.OrleansConnections - ReminderConnections);

    /// <summary>The part of <see cref="BookingOptions.OrleansConnections"/> that the reminder service has to itself.</summary>
    private const int ReminderConnections = 4;

    /// <summary>The grains' pool, named in pg_stat_activity and capped at what the Orleans providers leave.</summary>
    public static string GrainsConnectionString(IConfiguration configuration, BookingOptions booking) =>
        WithPool(BookingConnectionString(configuration), "booking-grains", booking.MaxConnections - BookingOptions.OrleansConnections);

    /// <summary>
    /// The reminder table's pool, whose commits do not wait for the disk (<c>synchronous_commit=off</c>): a reminder
    /// row lost in a database crash costs nothing, because the expiry sweep expires a hold whose reminder is missing.
    /// </summary>
    public static string RemindersConnectionString(IConfiguration configuration) =>
        new Npgsql.NpgsqlConnectionStringBuilder(WithPool(BookingConnectionString(configuration), "booking-reminders", ReminderConnections))
        {
            Options = "-c synchronous_commit=off",
        }.ConnectionString;

    /// <summary>
    /// A pool of its own, named in pg_stat_activity and capped; like the grains' (see
    /// <see cref="ServiceCollectionExtensions.CreateDataSource"/>), its statements are prepared after their second use and a
    /// connection going back to the pool is not reset: Orleans' providers leave no session state behind either.
    /// </summary>
    private static string WithPool(string connectionString, string applicationName, int maxPoolSize) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = applicationName,
            MaxPoolSize = maxPoolSize,
            MaxAutoPrepare = ServiceCollectionExtensions.MaxAutoPrepare,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
        }.ConnectionString;

    /// <summary>The <c>ConnectionStrings:Booking</c> setting; start-up fails with this message when it is missing.</summary>
    public static string BookingConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Booking") is { Length: > 0 } value
            ? value
            : throw new OptionsValidationException("ConnectionStrings:Booking", typeof(string),
                ["ConnectionStrings:Booking is not set (environment: ConnectionStrings__Booking)."]);
}
