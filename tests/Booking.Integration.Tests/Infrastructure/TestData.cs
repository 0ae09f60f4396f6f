using Booking.Grains.Interfaces;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>Creates doctors and slots through the grains, each with fresh ids, so tests never share state.</summary>
public sealed class TestData(IClusterClient client, TestDatabase database, TimeProvider? clock = null)
{
    public static DateOnly FutureDate(int daysAhead = 30) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(daysAhead);

    public static PatientDetails Patient(int n = 0) => new($"Patient {n}", $"patient{n}@example.com", "+1 555 0100", null);

    public static DoctorProfile Profile(string? email = null) => new(
        "Dr Test", "Cardiology", email ?? $"dr-{Guid.NewGuid():N}@example.com", "+1 555 0199", 7, null, "Clinic", "UTC");

    public async Task<Doctor> DoctorAsync(string timeZone = "UTC")
    {
        var id = Guid.NewGuid();
        var result = await client.GetGrain<IDoctorGrain>(id).CreateAsync(Profile() with { TimeZone = timeZone });
        Assert.Equal(DoctorWriteOutcome.Saved, result.Outcome);
        return result.Doctor!;
    }

    /// <summary>A new doctor with <paramref name="count"/> free slots, 30 minutes apart from 09:00 on a future day.</summary>
    public async Task<IReadOnlyList<Slot>> SlotsAsync(int count = 1, DateOnly? date = null)
    {
        var doctor = await DoctorAsync();
        var day = date ?? FutureDate();
        var times = Enumerable.Range(0, count).Select(i => new SlotTime(day, new TimeOnly(9, 0).AddMinutes(30 * i))).ToList();
        var result = await client.GetGrain<IDoctorGrain>(doctor.Id).AddSlotsAsync(times, 30);
        Assert.Equal(AddSlotsOutcome.Created, result.Outcome);
        return result.Created;
    }

    public async Task<Slot> SlotAsync() => (await SlotsAsync(1))[0];

    /// <summary>Books <paramref name="slotId"/> through its grain for patient <paramref name="patient"/>, asserts it was booked; the PENDING hold.</summary>
    public async Task<Appointment> HoldAsync(Guid slotId, int patient = 0)
    {
        var result = await client.GetGrain<ISlotGrain>(slotId).BookAsync(Patient(patient));
        Assert.Equal(BookingOutcome.Booked, result.Outcome);
        return result.Appointment!;
    }

    /// <summary>"Now" by the silo's clock.</summary>
    public DateTimeOffset Now => (clock ?? TimeProvider.System).GetUtcNow();

    /// <summary>A slot that started yesterday, written straight to the table (the Api refuses to publish one).</summary>
    public async Task<Guid> PastSlotAsync()
    {
        var doctor = await DoctorAsync();
        var id = Guid.NewGuid();
        await database.InsertSlotAsync(id, doctor.Id, FutureDate(-1), new TimeOnly(9, 0));
        return id;
    }
}

/// <summary>
/// Booking as the tests usually need it: a fresh appointment id and no deadline (<see cref="DateTimeOffset.MaxValue"/>), so
/// that it never strikes, however far a <see cref="TestClock"/> has been moved.
/// </summary>
public static class SlotGrainTestExtensions
{
    public static Task<Booking.Grains.Interfaces.BookingResult> BookAsync(this ISlotGrain slot, PatientDetails patient, IdempotencyStamp? idempotency = null) =>
        slot.BookAsync(Hold(patient, idempotency));

    /// <summary>A booking request for <paramref name="patient"/> with a new appointment id and no deadline.</summary>
    public static HoldRequest Hold(PatientDetails patient, IdempotencyStamp? idempotency = null) =>
        new(Guid.CreateVersion7(), patient, DateTimeOffset.MaxValue, idempotency);
}
