using Booking.Grains.Data;
using Booking.Grains.Interfaces;
using Orleans.Concurrency;

namespace Booking.Grains;

/// <summary>Lists and look-ups that need SQL; stateless, so any silo serves them in parallel.</summary>
[StatelessWorker]
public sealed class BookingQueryGrain(QueryStore store, TimeProvider clock) : Grain, IBookingQueryGrain
{
    public Task<IReadOnlyList<Doctor>> ListDoctorsAsync(DoctorQuery query, CancellationToken cancellationToken = default) =>
        store.ListDoctorsAsync(query, cancellationToken);

    public Task<IReadOnlyList<Slot>> ListSlotsAsync(SlotQuery query, CancellationToken cancellationToken = default) =>
        store.ListSlotsAsync(query, clock.GetUtcNow(), cancellationToken);

    public Task<IReadOnlyList<Slot>> NextFreeSlotsAsync(IReadOnlyList<Guid> doctorIds, CancellationToken cancellationToken = default) =>
        store.NextFreeSlotsAsync(doctorIds, clock.GetUtcNow(), cancellationToken);

    public Task<AppointmentPage> ListAppointmentsAsync(AppointmentQuery query, CancellationToken cancellationToken = default) =>
        store.ListAppointmentsAsync(query, clock.GetUtcNow(), cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default) =>
        (await store.PingAsync(cancellationToken)).Count == 1;
}
