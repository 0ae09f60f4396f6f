using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>One generated bad request: what it is, and how to build it (a fresh message per send).</summary>
public sealed record HostileRequest(string Description, string Endpoint, Func<HttpRequestMessage> Build, bool AsAdmin);

/// <summary>
/// Generates requests that must all be refused: every one carries at least one thing that makes it invalid
/// (a malformed body, a field of the wrong type or format, a missing or wrong token, a wrong method...).
/// Free-text fields only get values that break a rule (too long, control characters, wrong type), never
/// merely odd ones such as emoji, which are valid there.
/// </summary>
public static class HostileRequests
{
    private static readonly string[] BadIds =
    [
        "not-a-uuid", "123", "' OR '1'='1", "1; DROP TABLE slots; --", "<script>alert(1)</script>", "\U0001F600",
        "00000000-0000-0000-0000-00000000000g", "{00000000-0000-0000-0000-000000000000", new string('f', 300), "null", " ", "\u0000",
    ];

    private static readonly string[] BadDates = ["2025-02-30", "2025-13-01", "2025-00-10", "31/12/2025", "2025-1-1", "tomorrow", "' OR 1=1 --", "\U0001F4C5", "2025-02-28T10:00", ""];

    private static readonly string[] BadTimes = ["25:61", "24:00", "9:00", "09:60", "12:00:00", "noon", "-01:00", "\U0001F552", "'; DELETE FROM slots; --", ""];

    private static readonly string[] BadEmails = ["not-an-email", "' OR 1=1 --", "<script>@</script>", "a@", "@b.c", "\U0001F600", "x@y", new string('a', 300) + "@example.com", ""];

    private static readonly object?[] WrongTypes = [12, 1.5, true, new object[] { "a" }, new Dictionary<string, object>()];

    // The 43-character ones have a real token's length: base64url of the wrong token, not base64url at all, and base64url
    // whose last character carries bits that must be zero.
    private static readonly string[] BadTokens =
        ["wrong", "' OR 1=1 --", new string('A', 43), new string('!', 43), new string('B', 43), new string('A', 5000), "", "null"];

    /// <summary>The bodies of the endpoints that take one: a valid body, and which of its fields are required.</summary>
    private static IEnumerable<(string Method, string Path, Dictionary<string, object?> Body, string[] Required, bool Admin)> Bodies(
        Guid doctorId, Guid slotId, Guid appointmentId, string futureDate)
    {
        yield return ("POST", "/api/doctors", new()
        {
            ["name"] = "Dr Fuzz", ["specialization"] = "Cardiology", ["email"] = "fuzz@example.com", ["phone"] = "+1 555 0100",
            ["experience_years"] = 5, ["bio"] = "Bio", ["clinic_name"] = "Clinic", ["time_zone"] = "UTC",
        }, ["name", "specialization", "email", "phone"], true);
        yield return ("PUT", $"/api/doctors/{doctorId}", new()
        {
            ["name"] = "Dr Fuzz", ["specialization"] = "Cardiology", ["email"] = "fuzz2@example.com", ["phone"] = "+1 555 0100",
            ["experience_years"] = 5, ["time_zone"] = "UTC",
        }, ["name", "specialization", "email", "phone"], true);
        yield return ("POST", "/api/slots", new()
        {
            ["doctor_id"] = doctorId.ToString(), ["date"] = futureDate, ["times"] = new[] { "07:00", "07:30" },
        }, ["doctor_id", "date", "times"], true);
        yield return ("PUT", $"/api/doctors/{doctorId}/working-hours", new()
        {
            ["slot_minutes"] = 30, ["buffer_minutes"] = 0,
            ["weekly"] = new[] { new Dictionary<string, object?> { ["weekday"] = "monday", ["start_time"] = "09:00", ["end_time"] = "12:00" } },
            ["exceptions"] = new[] { new Dictionary<string, object?> { ["date"] = futureDate, ["periods"] = Array.Empty<object>(), ["note"] = "Holiday" } },
        }, [], true);
        yield return ("POST", "/api/appointments/book", new()
        {
            ["slot_id"] = slotId.ToString(), ["patient_name"] = "Pat Fuzz", ["patient_email"] = "pat@example.com",
            ["patient_phone"] = "+1 555 0101", ["reason"] = "Check-up",
        }, ["slot_id", "patient_name", "patient_email", "patient_phone"], false);
        yield return ("POST", $"/api/appointments/{appointmentId}/reschedule", new() { ["slot_id"] = slotId.ToString() }, ["slot_id"], true);
        yield return ("PUT", $"/api/appointments/{appointmentId}/cancel", new() { ["reason"] = "Feeling better" }, [], true);
        yield return ("POST", "/api/auth/token", new() { ["username"] = "admin", ["password"] = "not-the-password" }, ["username", "password"], false);
    }

    /// <summary>Values that break the rule of a field, by what the field holds.</summary>
    private static IEnumerable<object?> BadValues(string field, bool required)
    {
        // A whole number is the right type for a number field.
        foreach (var wrong in WrongTypes.Where(w => !(field is "experience_years" or "slot_minutes" or "buffer_minutes" && w is int)))
        {
            yield return wrong;
        }

        if (required)
        {
            yield return null;
        }

        IEnumerable<object?> specific = field switch
        {
            "doctor_id" or "slot_id" => BadIds,
            "date" => BadDates,
            "times" => BadTimes.Select(t => (object?)new[] { t }).Append(Array.Empty<string>()).Append(new[] { "07:00", "07:00" }),
            "email" or "patient_email" => BadEmails,
            "phone" or "patient_phone" => ["abc", "12", "'; DROP TABLE doctors; --", "\U0001F4DE\U0001F4DE\U0001F4DE", new string('1', 30)],
            "experience_years" => [-1, 81, 99999999999L, 1e300, "12"],
            "slot_minutes" => [0, 4, 481, 99999999999L, "30"],
            "buffer_minutes" => [-1, 241, 1e300, "0"],
            "weekly" => [new[] { new Dictionary<string, object?> { ["weekday"] = "funday", ["start_time"] = "09:00", ["end_time"] = "12:00" } },
                new[] { new Dictionary<string, object?> { ["weekday"] = "monday", ["start_time"] = "12:00", ["end_time"] = "09:00" } },
                new[] { new Dictionary<string, object?> { ["weekday"] = "monday", ["start_time"] = "25:61", ["end_time"] = "'; DELETE FROM slots; --" } },
                new object?[] { null }, "monday"],
            "exceptions" => [new[] { new Dictionary<string, object?> { ["date"] = "2025-02-30" } },
                new[] { new Dictionary<string, object?> { ["date"] = "' OR 1=1 --", ["note"] = "ctrl\u0001char" } }, "holiday"],
            "time_zone" => ["Mars/Olympus_Mons", "' OR 1=1 --", "UTC\u0000", "\U0001F30D"],
            "username" or "password" => ["wrong-\u0001", ""],
            _ => [new string('x', 5000), "ctrl\u0001char", "nul\u0000", "\u001b[31mred"],
        };
        foreach (var value in specific)
        {
            yield return value;
        }
    }

    /// <summary>Every generated request, in a fixed order (the seed only shuffles).</summary>
    public static IReadOnlyList<HostileRequest> Generate(Guid doctorId, Guid slotId, Guid appointmentId, string otherToken, int seed)
    {
        var futureDate = DateTime.UtcNow.AddDays(40).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        List<HostileRequest> all = [];

        foreach (var (method, path, body, required, admin) in Bodies(doctorId, slotId, appointmentId, futureDate))
        {
            var endpoint = $"{method} {Template(path, doctorId).Replace(appointmentId.ToString(), "{id}", StringComparison.Ordinal)}";
            var valid = JsonSerializer.Serialize(body);

            // Malformed and truncated JSON, and bodies that are JSON but not the object.
            string[] raw = ["", "{", "}", "[", "null", "[]", "42", "\"text\"", "{\"a\":}", "not json", "{'name': 'x'}", valid + " trailing", valid + "}",
                "\uFEFF\uFEFF{", new string('[', 200) + new string(']', 200), "{\"x\":" + new string('[', 40) + new string(']', 40) + "}"];
            // A body of which nothing is required may be left out: empty, or JSON null, is then no body, not a bad one.
            var optional = required.Length == 0;
            foreach (var text in raw.Where(r => !(optional && r is "" or "null")).Concat(Enumerable.Range(1, 8).Select(i => valid[..(valid.Length * i / 9)])))
            {
                all.Add(Json(endpoint, $"malformed body {Show(text)}", method, path, text, admin));
            }

            // Random bytes: never a valid object of this shape.
            var random = new Random(seed);
            for (var i = 0; i < 6; i++)
            {
                var bytes = new byte[random.Next(1, 200)];
                random.NextBytes(bytes);
                all.Add(new HostileRequest($"random bytes #{i}", endpoint, () => new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                }, admin));
            }

            foreach (var field in body.Keys)
            {
                foreach (var bad in BadValues(field, required.Contains(field)))
                {
                    var mutated = new Dictionary<string, object?>(body) { [field] = bad };
                    all.Add(Json(endpoint, $"{field} = {Show(JsonSerializer.Serialize(bad))}", method, path, JsonSerializer.Serialize(mutated), admin));
                }

                // A duplicate key is ambiguous, whichever value comes last.
                var duplicated = valid[..^1] + $",\"{field}\":{JsonSerializer.Serialize(body[field])}}}";
                all.Add(Json(endpoint, $"duplicate key {field}", method, path, duplicated, admin));
            }

            foreach (var field in required)
            {
                var missing = new Dictionary<string, object?>(body);
                missing.Remove(field);
                all.Add(Json(endpoint, $"missing {field}", method, path, JsonSerializer.Serialize(missing), admin));
            }

            // The right body in the wrong media type, and an oversized one.
            foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data" })
            {
                all.Add(new HostileRequest($"content type {type}", endpoint, () => new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = new StringContent(valid, Encoding.UTF8, type),
                }, admin));
            }

            all.Add(new HostileRequest("no content type", endpoint, () => new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(valid)),
            }, admin));
            all.Add(Json(endpoint, "1 MB body", method, path, valid[..^1] + $",\"padding\":\"{new string('p', 1 << 20)}\"}}", admin));

            if (admin)
            {
                // The valid body without an admin token.
                all.Add(Json(endpoint, "valid body, no token", method, path, valid, asAdmin: false));
                foreach (var token in BadTokens.Where(t => t.Length > 0))
                {
                    all.Add(new HostileRequest($"valid body, bearer {Show(token)}", endpoint, () =>
                    {
                        var request = JsonRequest(method, path, valid);
                        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
                        return request;
                    }, false));
                }
            }
        }

        // Bad ids in every path that takes one; admin paths as the admin, so validation is what refuses them.
        (string Method, string Template, bool Admin)[] byId =
        [
            ("GET", "/api/doctors/{0}", false), ("DELETE", "/api/doctors/{0}", true), ("GET", "/api/slots/{0}", false), ("DELETE", "/api/slots/{0}", true),
            ("GET", "/api/appointments/{0}", false), ("PUT", "/api/appointments/{0}/confirm", false), ("PUT", "/api/appointments/{0}/cancel", false),
            ("GET", "/api/doctors/{0}/working-hours", true),
            ("POST", "/api/appointments/{0}/reschedule", false),
        ];
        foreach (var (method, template, admin) in byId)
        {
            foreach (var id in BadIds.Where(i => i.Trim().Length > 0 && !i.Contains('\u0000', StringComparison.Ordinal)))
            {
                var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Uri.EscapeDataString(id));
                all.Add(new HostileRequest($"id {Show(id)}", $"{method} {template.Replace("{0}", "{id}", StringComparison.Ordinal)}",
                    () => new HttpRequestMessage(new HttpMethod(method), path), admin));
            }
        }

        // The real appointment, without its token or with a wrong one: 404 for the read, 403 for changes.
        foreach (var (method, suffix) in new[] { ("GET", ""), ("PUT", "/confirm"), ("PUT", "/cancel") })
        {
            var path = $"/api/appointments/{appointmentId}{suffix}";
            var endpoint = $"{method} /api/appointments/{{id}}{suffix}";
            all.Add(new HostileRequest("no token", endpoint, () => new HttpRequestMessage(new HttpMethod(method), path), false));
            foreach (var token in BadTokens.Append(otherToken))
            {
                all.Add(new HostileRequest($"header token {Show(token)}", endpoint, () =>
                {
                    var request = new HttpRequestMessage(new HttpMethod(method), path);
                    request.Headers.TryAddWithoutValidation("X-Appointment-Token", token);
                    return request;
                }, false));
                all.Add(new HostileRequest($"query token {Show(token)}", endpoint,
                    () => new HttpRequestMessage(new HttpMethod(method), $"{path}?access_token={Uri.EscapeDataString(token)}"), false));
            }
        }

        // Query strings that break a rule.
        string[] queries =
        [
            .. BadIds.Where(i => i.Trim().Length > 0).Select(i => "/api/slots?doctor_id=" + Uri.EscapeDataString(i)),
            .. BadDates.Where(d => d.Length > 0).Select(d => "/api/slots?date=" + Uri.EscapeDataString(d)),
            "/api/slots?include=everything", "/api/slots?include=' OR 1=1", "/api/doctors?search=" + new string('s', 300),
            "/api/doctors?search=" + Uri.EscapeDataString("\u0001\u0002"),
            .. new[] { "status=bogus", "status=1", "status=PENDING,CONFIRMED", "limit=0", "limit=-1", "limit=abc", "limit=99999999999", "limit=201",
                "cursor=garbage", "cursor=" + Uri.EscapeDataString("' OR 1=1 --"), "date=2025-02-30", "doctor_id=nope", "patient_email=not-an-email",
                "patient_email=" + Uri.EscapeDataString("<script>") }.Select(q => "/api/appointments?" + q),
        ];
        foreach (var query in queries)
        {
            var admin = query.StartsWith("/api/appointments", StringComparison.Ordinal);
            all.Add(new HostileRequest($"query {Show(query)}", "GET " + query.Split('?')[0], () => new HttpRequestMessage(HttpMethod.Get, query), admin));
        }

        // The admin listing, and every admin write, without a token at all.
        all.Add(new HostileRequest("no token", "GET /api/appointments", () => new HttpRequestMessage(HttpMethod.Get, "/api/appointments"), false));
        all.Add(new HostileRequest("no token", "DELETE /api/doctors/{id}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/doctors/{doctorId}"), false));
        all.Add(new HostileRequest("no token", "DELETE /api/slots/{id}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/slots/{slotId}"), false));

        // Methods the paths do not take.
        (string Method, string Path)[] wrongMethods =
        [
            ("PATCH", "/api/doctors"), ("PUT", "/api/doctors"), ("DELETE", "/api/doctors"), ("POST", $"/api/doctors/{doctorId}"), ("PATCH", $"/api/doctors/{doctorId}"),
            ("PUT", "/api/slots"), ("DELETE", "/api/slots"), ("PATCH", $"/api/slots/{slotId}"), ("POST", $"/api/slots/{slotId}"), ("PUT", $"/api/slots/{slotId}"),
            ("PUT", "/api/appointments/book"), ("DELETE", "/api/appointments/book"), ("DELETE", $"/api/appointments/{appointmentId}"),
            ("POST", $"/api/appointments/{appointmentId}"), ("PATCH", $"/api/appointments/{appointmentId}"), ("POST", $"/api/appointments/{appointmentId}/confirm"),
            ("DELETE", $"/api/appointments/{appointmentId}/cancel"), ("GET", "/api/auth/token"), ("PUT", "/api/auth/token"), ("DELETE", "/api/appointments"),
        ];
        foreach (var (method, path) in wrongMethods)
        {
            all.Add(new HostileRequest("wrong method", $"{method} {Template(path, doctorId).Replace(slotId.ToString(), "{id}", StringComparison.Ordinal).Replace(appointmentId.ToString(), "{id}", StringComparison.Ordinal)}",
                () => new HttpRequestMessage(new HttpMethod(method), path), true));
        }

        var shuffle = new Random(seed);
        return all.OrderBy(_ => shuffle.Next()).ToList();
    }

    private static HostileRequest Json(string endpoint, string description, string method, string path, string body, bool asAdmin) =>
        new(description, endpoint, () => JsonRequest(method, path, body), asAdmin);

    private static HttpRequestMessage JsonRequest(string method, string path, string body) => new(new HttpMethod(method), path)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
    };

    private static string Template(string path, Guid doctorId) => path.Replace(doctorId.ToString(), "{id}", StringComparison.Ordinal);

    private static string Show(string text) => JsonSerializer.Serialize(text.Length > 40 ? text[..40] + "..." : text);
}
