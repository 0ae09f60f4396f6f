using Booking.Grains.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Booking.Grains;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what the booking grains need: one Npgsql data source on <paramref name="connectionString"/>, the stores and a clock.</summary>
    public static IServiceCollection AddBookingGrainServices(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => CreateDataSource(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<BookingMetrics>();
        services.AddSingleton<BookingDatabase>();
        services.AddSingleton<SlotStore>();
        services.AddSingleton<DoctorStore>();
        services.AddSingleton<QueryStore>();
        services.AddSingleton<AppointmentStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<ScheduleStore>();
        services.AddSingleton<WorkingHoursStore>();
        return services;
    }

    /// <summary>
    /// The grains' data source: each statement is prepared on a connection after its second use there, and a connection
    /// going back to the pool is not reset (the grains leave no session state behind; every transaction sets its own
    /// isolation level), which saves the server a reset per checkout.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxAutoPrepare = MaxAutoPrepare,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
        });

    /// <summary>How many statements a connection keeps prepared (those used most).</summary>
    public const int MaxAutoPrepare = 32;
}
