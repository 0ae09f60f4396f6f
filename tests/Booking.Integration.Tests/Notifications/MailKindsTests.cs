using Booking.Grains.Interfaces;
using Booking.Grains.Notifications;

namespace Booking.Integration.Tests.Notifications;

/// <summary>
/// Pure logic, no database: which appointment e-mails are still true when their turn to be sent comes, and the SEQUENCE
/// their invitations carry. The cases a live test cannot arrange on purpose (a second move that overtakes the first's
/// notice before it is sent) are here.
/// </summary>
public sealed class MailKindsTests
{
    private static readonly Guid FirstSlot = Guid.NewGuid();
    private static readonly Guid SecondSlot = Guid.NewGuid();
    private static readonly Guid ThirdSlot = Guid.NewGuid();

    [Fact]
    public void AMoveNoticeOvertakenByALaterMoveIsNotSentButTheLaterOneIs()
    {
        var appointment = Appointment(AppointmentStatus.Confirmed, onSlot: ThirdSlot);

        Assert.False(MailKinds.StillTrue(MailKinds.Reschedule, appointment, Move(1, FirstSlot, SecondSlot, moves: 1)));
        Assert.True(MailKinds.StillTrue(MailKinds.Reschedule, appointment, Move(2, SecondSlot, ThirdSlot, moves: 2)));
    }

    [Fact]
    public void NoConfirmationReminderOrMoveNoticeIsSentForAnAppointmentNoLongerConfirmedButItsCancellationIs()
    {
        var cancelled = Appointment(AppointmentStatus.Cancelled, onSlot: SecondSlot);
        var move = Move(1, FirstSlot, SecondSlot, moves: 1);

        Assert.False(MailKinds.StillTrue(MailKinds.Reschedule, cancelled, move));
        Assert.False(MailKinds.StillTrue(MailKinds.Confirmation, cancelled, null));
        Assert.False(MailKinds.StillTrue(MailKinds.Reminder, cancelled, null));
        Assert.True(MailKinds.StillTrue(MailKinds.Cancellation, cancelled, null));
        Assert.True(MailKinds.StillTrue(MailKinds.Confirmation, Appointment(AppointmentStatus.Confirmed, onSlot: SecondSlot), null));
    }

    [Fact]
    public void InvitationsOfOneAppointmentCarryARisingSequenceConfirmationMovesCancellation()
    {
        var sequences = new[]
        {
            MailComposer.Sequence(MailKinds.Confirmation, null),
            MailComposer.Sequence(MailKinds.Reschedule, Move(5, FirstSlot, SecondSlot, moves: 1)),
            MailComposer.Sequence(MailKinds.Reschedule, Move(6, SecondSlot, ThirdSlot, moves: 2)),
            MailComposer.Sequence(MailKinds.Cancellation, Event(7, AppointmentStatus.Confirmed, AppointmentStatus.Cancelled, moves: 2)),
        };

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Length, sequences.Distinct().Count());
        Assert.Equal(1, MailComposer.Sequence(MailKinds.Cancellation, Event(3, AppointmentStatus.Confirmed, AppointmentStatus.Cancelled, moves: 0)));
    }

    private static MailAppointment Appointment(AppointmentStatus status, Guid onSlot) => new(
        Guid.NewGuid(), onSlot, Guid.NewGuid(), "Nora Notified", "nora@example.com", "+44 20 7946 0999", status,
        new DateOnly(2030, 1, 7), new TimeOnly(9, 0), 30, "Dr Notify Test", null, "UTC");

    private static OutboxEvent Move(long id, Guid from, Guid to, int moves) =>
        new(id, Guid.NewGuid(), AppointmentStatus.Confirmed, AppointmentStatus.Confirmed, DateTimeOffset.UnixEpoch, from, to, moves);

    private static OutboxEvent Event(long id, AppointmentStatus from, AppointmentStatus to, int moves) =>
        new(id, Guid.NewGuid(), from, to, DateTimeOffset.UnixEpoch, null, null, moves);
}
