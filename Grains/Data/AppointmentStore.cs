using Booking.Grains.Interfaces;
using static Booking.Grains.Data.Rows;

namespace Booking.Grains.Data;

/// <summary>
/// The SQL behind <see cref="AppointmentGrain"/>: it reads its appointment here. Every change of an appointment goes
/// through its slot's grain (<see cref="SlotStore"/>), the slot's single writer.
/// </summary>
public sealed class AppointmentStore(BookingDatabase database)
{
    private const string AppointmentSql = $"SELECT {AppointmentColumns} FROM appointments WHERE id = @id";

    /// <summary>The appointment as stored (its status not yet seen at any instant), or null when there is none.</summary>
    public async Task<Appointment?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await database.QueryAsync(AppointmentSql, ReadAppointment, cancellationToken, Param("id", id))).SingleOrDefault();
}
