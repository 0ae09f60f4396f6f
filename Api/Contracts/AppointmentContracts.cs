using System.ComponentModel.DataAnnotations;
using Booking.Grains.Interfaces;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace Booking.Api.Contracts;

/// <summary>
/// Body of <c>POST /api/appointments/book</c>: the slot by <c>slot_id</c>, or by <c>doctor_id</c>,
/// <c>appointment_date</c> and <c>appointment_time</c> (the doctor's local date and time), and the patient.
/// </summary>
/// <param name="SlotId">The slot to book (or give doctor_id, appointment_date, appointment_time).</param>
/// <param name="DoctorId">The doctor, when the slot is named by date and time.</param>
/// <param name="AppointmentDate">YYYY-MM-DD, with doctor_id.</param>
/// <param name="AppointmentTime">HH:mm, with doctor_id.</param>
/// <param name="PatientName">Required, at most 255 characters.</param>
/// <param name="PatientEmail">Required email address, at most 255 characters.</param>
/// <param name="PatientPhone">Required, at most 20 characters, at least 5 digits.</param>
/// <param name="Reason">Optional, at most 2000 characters.</param>
public sealed record BookingRequest(
    [property: RegularExpression(WireFormats.Uuid)] string? SlotId = null,
    [property: RegularExpression(WireFormats.Uuid)] string? DoctorId = null,
    [property: RegularExpression(WireFormats.Date)] string? AppointmentDate = null,
    [property: RegularExpression(WireFormats.Time)] string? AppointmentTime = null,
    [property: Required, MinLength(1), MaxLength(WireFormats.NameLength)] string? PatientName = null,
    [property: Required, EmailAddress, RegularExpression(WireFormats.Email), MaxLength(WireFormats.EmailLength)] string? PatientEmail = null,
    [property: Required, RegularExpression(WireFormats.Phone), MaxLength(WireFormats.PhoneLength)] string? PatientPhone = null,
    [property: MaxLength(WireFormats.ReasonLength)] string? Reason = null)
{
    /// <summary>The validated booking, or null with the reasons in <paramref name="errors"/>.</summary>
    public ValidBooking? Validate(FieldErrors errors)
    {
        var patient = new PatientDetails(
            Name: errors.Text("patient_name", PatientName, WireFormats.NameLength, required: true)!,
            Email: errors.Email("patient_email", PatientEmail)!,
            Phone: errors.Phone("patient_phone", PatientPhone)!,
            Reason: errors.LongText("reason", Reason, WireFormats.ReasonLength));
        var target = SlotTarget.Validate(errors, SlotId, DoctorId, AppointmentDate, AppointmentTime);
        return target is not null && errors.IsEmpty ? new ValidBooking(target.SlotId, target.DoctorId, target.At, patient) : null;
    }
}

/// <summary>A booking request that passed validation: either <see cref="SlotId"/> or <see cref="DoctorId"/> with <see cref="At"/>.</summary>
public sealed record ValidBooking(Guid? SlotId, Guid? DoctorId, SlotTime? At, PatientDetails Patient);

/// <summary>A slot named by its id, or by its doctor and local date and time: either <see cref="SlotId"/> or <see cref="DoctorId"/> with <see cref="At"/>.</summary>
public sealed record SlotTarget(Guid? SlotId, Guid? DoctorId, SlotTime? At)
{
    /// <summary>
    /// The slot named by <c>slot_id</c>, or by <c>doctor_id</c>, <c>appointment_date</c> and <c>appointment_time</c> (one way, not
    /// both; neither is "slot_id is required"), or null with the reasons in <paramref name="errors"/>.
    /// </summary>
    public static SlotTarget? Validate(FieldErrors errors, string? slotId, string? doctorId, string? date, string? time)
    {
        var byTime = doctorId is not null || date is not null || time is not null;
        if (slotId is not null && byTime)
        {
            errors.Add("slot_id", "give slot_id, or doctor_id with appointment_date and appointment_time, not both.");
            return null;
        }

        if (slotId is not null || !byTime)
        {
            return errors.Id("slot_id", slotId) is { } id ? new SlotTarget(id, null, null) : null;
        }

        var doctor = errors.Id("doctor_id", doctorId);
        var day = errors.Date("appointment_date", date);
        var at = errors.Time("appointment_time", time);
        return doctor is not null && day is not null && at is not null ? new SlotTarget(null, doctor, new SlotTime(day.Value, at.Value)) : null;
    }
}

/// <summary>
/// Body of <c>POST /api/appointments/{id}/reschedule</c>: the slot to move to, by <c>slot_id</c>, or by <c>doctor_id</c>,
/// <c>appointment_date</c> and <c>appointment_time</c> (the doctor's local date and time); any doctor's free slot.
/// </summary>
/// <param name="SlotId">The slot to move to (or give doctor_id, appointment_date, appointment_time).</param>
/// <param name="DoctorId">The doctor, when the slot is named by date and time.</param>
/// <param name="AppointmentDate">YYYY-MM-DD, with doctor_id.</param>
/// <param name="AppointmentTime">HH:mm, with doctor_id.</param>
public sealed record RescheduleRequest(
    [property: RegularExpression(WireFormats.Uuid)] string? SlotId = null,
    [property: RegularExpression(WireFormats.Uuid)] string? DoctorId = null,
    [property: RegularExpression(WireFormats.Date)] string? AppointmentDate = null,
    [property: RegularExpression(WireFormats.Time)] string? AppointmentTime = null)
{
    /// <summary>The validated target, or null with the reasons in <paramref name="errors"/>.</summary>
    public SlotTarget? Validate(FieldErrors errors) => SlotTarget.Validate(errors, SlotId, DoctorId, AppointmentDate, AppointmentTime);
}

/// <summary>Optional body of <c>PUT /api/appointments/{id}/cancel</c>.</summary>
/// <param name="Reason">Why, in the patient's or admin's words: optional, at most 500 characters; kept with the cancellation and shown as <c>cancellation_reason</c>.</param>
public sealed record CancelRequest([property: MaxLength(WireFormats.CancellationReasonLength)] string? Reason = null)
{
    /// <summary>The trimmed reason (null when none), recording what is wrong in <paramref name="errors"/>.</summary>
    public string? Validate(FieldErrors errors) => errors.LongText("reason", Reason, WireFormats.CancellationReasonLength);
}

/// <summary>
/// An appointment as the Api shows it. <c>now</c> is the server's clock, for an honest countdown to <c>expires_at</c>;
/// <c>cancellation_reason</c> is what was given when it was cancelled (null when nothing was, or it is not cancelled).
/// </summary>
public sealed record AppointmentResponse(
    Guid Id,
    Guid SlotId,
    Guid DoctorId,
    string PatientName,
    string PatientEmail,
    string PatientPhone,
    string? Reason,
    string AppointmentDate,
    string AppointmentTime,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset Now,
    string? CancellationReason)
{
    /// <summary>
    /// Only in the answer to a booking (and its idempotent replay): the secret that opens this appointment for
    /// GET, confirm and cancel, as header X-Appointment-Token or query access_token. Keep it; it is not shown again.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccessToken { get; init; }

    public static AppointmentResponse From(Appointment a, DateTimeOffset now) => new(
        a.Id, a.SlotId, a.DoctorId, a.Patient.Name, a.Patient.Email, a.Patient.Phone, a.Patient.Reason,
        ApiFormat.Date(a.Date), ApiFormat.Time(a.Time), a.Status.ToString().ToUpperInvariant(),
        a.CreatedAt, a.ExpiresAt, a.UpdatedAt, now, a.CancellationReason);
}

/// <summary>One page of <c>GET /api/appointments</c>; pass <c>next_cursor</c> as <c>cursor</c> for the next page.</summary>
public sealed record AppointmentListResponse(IReadOnlyList<AppointmentResponse> Items, string? NextCursor);

/// <summary>The opaque page cursor: the last item's creation time and id, base64url-encoded.</summary>
public static class Cursor
{
    public static string Encode(AppointmentCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{cursor.CreatedAt.UtcTicks}:{cursor.Id:N}")));

    public static AppointmentCursor? Decode(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                return new AppointmentCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
            // Reported below like any other malformed cursor.
        }

        errors.Add(field, "is not a cursor this service handed out; pass next_cursor from the previous page unchanged.");
        return null;
    }
}
