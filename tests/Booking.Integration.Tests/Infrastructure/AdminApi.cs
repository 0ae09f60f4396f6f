using Booking.Api.Security;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// The test deployment's secrets and limits, and admin tokens minted with them. Every Api the tests start
/// (in process or as a process) gets <see cref="Settings"/>; every admin call goes through <see cref="Authorize"/>.
/// </summary>
public static class TestAuth
{
    /// <summary>A signing key for tests only: 32 random bytes, base64.</summary>
    public const string SigningKey = "kcelFLDGXc8vKTZn7nC9ck1/94ZXK50M5vuli81tRVI=";

    public const string AdminPassword = "test-admin-password";

    /// <summary>Configuration for an Api under test: the key and password above, and limits no test reaches by accident.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth:SigningKey"] = SigningKey,
        ["Auth:AdminPassword"] = AdminPassword,
        ["RateLimit:BookingPermits"] = "1000000",
        ["RateLimit:AdminWritePermits"] = "1000000",
        ["RateLimit:SignInPermits"] = "1000000",
    };

    /// <summary><see cref="Settings"/> as environment variables (<c>Auth__SigningKey</c>, ...).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment =>
        Settings.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));

    /// <summary>A fresh admin JWT signed with the test key, as POST /api/auth/token would give.</summary>
    public static string AdminToken() =>
        new AdminTokens(Options.Create(new AuthOptions { SigningKey = SigningKey, AdminPassword = AdminPassword }), TimeProvider.System).Mint();

    /// <summary>Makes every request of <paramref name="http"/> carry an admin token; returns it.</summary>
    public static HttpClient Authorize(HttpClient http)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken());
        return http;
    }
}

/// <summary>Creates doctors and slots through the Api as an admin: the one place tests do so over HTTP.</summary>
public sealed class AdminApi(HttpClient admin)
{
    /// <summary>A date <paramref name="daysAhead"/> days ahead, YYYY-MM-DD.</summary>
    public static string FutureDate(int daysAhead = 30) => DateTime.UtcNow.AddDays(daysAhead).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Times from 09:00, 30 minutes apart, HH:mm.</summary>
    public static string[] Times(int count) =>
        Enumerable.Range(0, count).Select(i => new TimeOnly(9, 0).AddMinutes(30 * i).ToString("HH:mm", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Creates a doctor with a unique email and returns its JSON.</summary>
    public async Task<JsonElement> DoctorAsync(string timeZone = "UTC", string name = "Dr Api Test")
    {
        using var response = await admin.PostAsJsonAsync("/api/doctors", new
        {
            name,
            specialization = "Dermatology",
            email = $"dr-{Guid.NewGuid():N}@example.com",
            phone = "+44 20 7946 0000",
            experience_years = 12,
            time_zone = timeZone,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Publishes slots of the doctor at <paramref name="times"/> on <paramref name="date"/>; their JSON.</summary>
    public async Task<JsonElement[]> SlotsAsync(Guid doctorId, string date, string[] times)
    {
        using var response = await admin.PostAsJsonAsync("/api/slots", new { doctor_id = doctorId, date, times });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slots").EnumerateArray().ToArray();
    }

    /// <summary>A new doctor with <paramref name="count"/> slots from 09:00, 30 minutes apart, <paramref name="daysAhead"/> days ahead; their JSON.</summary>
    public async Task<JsonElement[]> SlotsAsync(int count, int daysAhead = 30)
    {
        var doctor = await DoctorAsync();
        return await SlotsAsync(doctor.GetProperty("id").GetGuid(), FutureDate(daysAhead), Times(count));
    }

    /// <summary>The ids of <paramref name="count"/> new free slots of one new doctor.</summary>
    public async Task<Guid[]> SlotIdsAsync(int count, int daysAhead = 30) =>
        (await SlotsAsync(count, daysAhead)).Select(s => s.GetProperty("id").GetGuid()).ToArray();
}
