using Booking.Api.Contracts;
using Booking.Grains.Interfaces;
using Microsoft.AspNetCore.SignalR;

namespace Booking.Api.Realtime;

/// <summary>
/// Live availability of doctors' days at <c>/hubs/availability</c>. A client calls <c>JoinDay(doctor_id, date)</c>
/// for each day it shows and receives <c>SlotChanged</c> with an <see cref="AvailabilityMessage"/> whenever a slot
/// of that day is created, taken, freed, updated or deleted.
/// </summary>
public sealed class AvailabilityHub(AvailabilityRelay relay) : Hub
{
    /// <summary>The client method every change is sent to.</summary>
    public const string SlotChanged = "SlotChanged";

    /// <summary>Start receiving the changes of one doctor's day (date in the doctor's time zone, YYYY-MM-DD).</summary>
    public async Task JoinDay(string doctorId, string date)
    {
        var key = Key(doctorId, date);
        await Groups.AddToGroupAsync(Context.ConnectionId, key, Context.ConnectionAborted);
        await relay.JoinAsync(Context.ConnectionId, key);
    }

    /// <summary>Stop receiving the changes of one doctor's day.</summary>
    public async Task LeaveDay(string doctorId, string date)
    {
        var key = Key(doctorId, date);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, key, Context.ConnectionAborted);
        await relay.LeaveAsync(Context.ConnectionId, key);
    }

    public override Task OnDisconnectedAsync(Exception? exception) => relay.DisconnectedAsync(Context.ConnectionId);

    private static string Key(string? doctorId, string? date)
    {
        var errors = new FieldErrors();
        var doctor = errors.Id("doctor_id", doctorId);
        var day = errors.Date("date", date);
        if (!errors.IsEmpty)
        {
            throw new HubException(string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key} {string.Join(" ", e.Value)}")));
        }

        return DoctorSchedule.Key(doctor!.Value, day!.Value);
    }
}

/// <summary>The body of a <c>SlotChanged</c> message.</summary>
/// <param name="DoctorId">The doctor whose day changed.</param>
/// <param name="Date">The day, YYYY-MM-DD in the doctor's time zone.</param>
/// <param name="Change">created, taken, freed, updated, deleted or reloaded (list the day again).</param>
/// <param name="SlotId">The slot that changed; null for reloaded.</param>
/// <param name="Slot">The slot after the change, as <c>GET /api/slots</c> shows it; null for deleted and reloaded.</param>
public sealed record AvailabilityMessage(Guid DoctorId, string Date, string Change, Guid? SlotId, SlotResponse? Slot)
{
    public static AvailabilityMessage From(AvailabilityChange change) => new(
        change.DoctorId,
        ApiFormat.Date(change.Date),
        change.Kind.ToString().ToLowerInvariant(),
        change.SlotId,
        change.Slot is null ? null : SlotResponse.From(change.Slot));
}
