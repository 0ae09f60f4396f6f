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
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<BookingMetrics>();
        services.AddSingleton<BookingDatabase>();
        services.AddSingleton<SlotStore>();
        services.AddSingleton<DoctorStore>();
        services.AddSingleton<QueryStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<ScheduleStore>();
        services.AddSingleton<WorkingHoursStore>();
        return services;
    }
}
