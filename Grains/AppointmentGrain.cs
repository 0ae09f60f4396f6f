using Booking.Grains.Data;
using Booking.Grains.Interfaces;

namespace Booking.Grains;

/// <summary>
/// One appointment as a client sees it. Reads come from the database, so they never trail a change
/// made through the slot's grain; changes are delegated to that grain, the slot's single writer.
/// </summary>
public sealed class AppointmentGrain(QueryStore store, TimeProvider clock) : Grain, IAppointmentGrain
{
    private Guid AppointmentId => this.GetPrimaryKey();

    public async Task<Appointment?> GetAsync(CancellationToken cancellationToken = default) =>
        (await store.FindAppointmentAsync(AppointmentId, cancellationToken))?.AsSeenAt(clock.GetUtcNow());

    public async Task<AppointmentChangeResult> ConfirmAsync(CancellationToken cancellationToken = default)
    {
        var appointment = await store.FindAppointmentAsync(AppointmentId, cancellationToken);
        if (appointment is null)
        {
            return new AppointmentChangeResult(AppointmentChangeOutcome.NotFound);
        }

        return await GrainFactory.GetGrain<ISlotGrain>(appointment.SlotId).ConfirmAsync(AppointmentId, cancellationToken);
    }
}
