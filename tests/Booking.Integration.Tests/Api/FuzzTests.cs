using Booking.Integration.Tests.Infrastructure;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Booking.Integration.Tests.Api;

/// <summary>
/// Hundreds of generated bad requests across every endpoint (<see cref="HostileRequests"/>): each must be
/// answered 4xx with a problem details body, never 5xx, and the database must be exactly as before.
/// </summary>
[Collection(QuietApiCollection.Name)]
public sealed class FuzzTests(QuietApiFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task GeneratedBadRequestsAcrossEveryEndpointAreAllRefusedWithProblemsAndChangeNothing()
    {
        var slots = await fixture.Admin.SlotsAsync(3);
        var doctorId = slots[0].GetProperty("doctor_id").GetGuid();
        var (appointmentId, _) = await BookAsync(slots[1].GetProperty("id").GetGuid());
        var (_, otherToken) = await BookAsync(slots[2].GetProperty("id").GetGuid());
        var requests = HostileRequests.Generate(doctorId, slots[0].GetProperty("id").GetGuid(), appointmentId, otherToken, seed: 20261125);
        Assert.True(requests.Count >= 500, $"only {requests.Count} requests generated");

        var before = await fixture.Database.SnapshotAsync();
        var statuses = new SortedDictionary<int, int>();
        List<string> failures = [];
        foreach (var hostile in requests)
        {
            using var request = hostile.Build();
            using var response = await (hostile.AsAdmin ? fixture.Http : fixture.Anonymous).SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            if (Problem(status, response.Content.Headers.ContentType?.MediaType, text) is { } wrong)
            {
                failures.Add($"{hostile.Endpoint} ({hostile.Description}): {wrong}");
            }
        }

        var after = await fixture.Database.SnapshotAsync();
        var endpoints = requests.Select(r => r.Endpoint).Distinct().Count();
        output.WriteLine($"fuzz: {requests.Count} bad requests across {endpoints} endpoint/method pairs; answers: "
            + string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}")) + $"; failures: {failures.Count}; database before [{before}] after [{after}]");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} answers were wrong:\n" + string.Join('\n', failures.Take(30)));
        Assert.Equal(before, after);
    }

    /// <summary>What is wrong with an answer to a bad request, or null: it must be a 4xx problem details body.</summary>
    private static string? Problem(int status, string? mediaType, string text)
    {
        if (status is < 400 or > 499)
        {
            return $"status {status}: {Shorten(text)}";
        }

        if (mediaType != "application/problem+json")
        {
            return $"{status} as {mediaType ?? "no media type"}: {Shorten(text)}";
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            var type = json.RootElement.GetProperty("type").GetString();
            return type?.StartsWith("/problems/", StringComparison.Ordinal) == true && json.RootElement.GetProperty("status").GetInt32() == status
                ? null
                : $"{status} with type {type}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"{status} with a body that is not a problem: {Shorten(text)}";
        }
    }

    private async Task<(Guid Id, string Token)> BookAsync(Guid slotId)
    {
        var booked = await fixture.Patients.BookedAsync(slotId);
        return (booked.Id, booked.Token);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
