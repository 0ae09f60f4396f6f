using Booking.Grains.Interfaces;

namespace Booking.Grains.Data;

/// <summary>
/// The appointment's state machine: the status changes that a client or the hold's reminder asks for (<see cref="Confirm"/>,
/// <see cref="Cancel"/>, <see cref="Expire"/>), what each requires, and why one did not apply. The slot's grain makes each as
/// one compare-and-swap with its event (<see cref="SlotStore.ChangeAsync"/>).
/// </summary>
/// <param name="To">The status it sets.</param>
/// <param name="From">The statuses it may leave.</param>
/// <param name="PendingMustBeLive">For a PENDING appointment: true when the hold must not have lapsed, false when it must have.</param>
/// <param name="FreesSlot">True when the slot is available again afterwards.</param>
/// <param name="Reason">What the event records as the cause.</param>
/// <param name="WhyNot">The outcome to report, from the status a client sees, when the change does not apply.</param>
public sealed record Transition(
    AppointmentStatus To,
    AppointmentStatus[] From,
    bool PendingMustBeLive,
    bool FreesSlot,
    string Reason,
    Func<AppointmentStatus, AppointmentChangeOutcome> WhyNot)
{
    public static readonly Transition Confirm = new(
        AppointmentStatus.Confirmed, [AppointmentStatus.Pending], PendingMustBeLive: true, FreesSlot: false, "confirmed by the patient",
        status => status switch
        {
            AppointmentStatus.Confirmed => AppointmentChangeOutcome.Unchanged,
            AppointmentStatus.Cancelled => AppointmentChangeOutcome.Cancelled,
            _ => AppointmentChangeOutcome.HoldExpired,
        });

    public static readonly Transition Cancel = new(
        AppointmentStatus.Cancelled, [AppointmentStatus.Pending, AppointmentStatus.Confirmed], PendingMustBeLive: true, FreesSlot: true, "cancelled",
        status => status == AppointmentStatus.Cancelled ? AppointmentChangeOutcome.Unchanged : AppointmentChangeOutcome.HoldExpired);

    public static readonly Transition Expire = new(
        AppointmentStatus.Expired, [AppointmentStatus.Pending], PendingMustBeLive: false, FreesSlot: true, "hold expired unconfirmed",
        status => status == AppointmentStatus.Pending ? AppointmentChangeOutcome.NotDue : AppointmentChangeOutcome.Unchanged);
}
