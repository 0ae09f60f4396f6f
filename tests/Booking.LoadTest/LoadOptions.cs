using System.Globalization;
using System.Net;
using Npgsql;

namespace Booking.LoadTest;

/// <summary>The load tool's scenarios.</summary>
public enum Scenario
{
    Hot,
    Spread,
    Read,
    Lifecycle,
    Spike,
    Ceiling,
    Commit,
    All,
}

/// <summary>What one run of the tool was asked to do. Null numbers mean "the scenario's default".</summary>
public sealed record LoadOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public required Scenario Scenario { get; init; }

    public Uri BaseUrl { get; init; } = new(DefaultUrl);

    public int? Requests { get; init; }

    public int? Concurrency { get; init; }

    public TimeSpan DurationLimit { get; init; } = TimeSpan.FromSeconds(120);

    public string? Database { get; init; }

    public string? OutDirectory { get; init; }

    public bool AllowRemote { get; init; }

    public int? Warmup { get; init; }

    /// <summary>Lifecycle only: how long to wait, at most, for the holds left alone to expire before checking them.</summary>
    public TimeSpan ExpireWait { get; init; } = TimeSpan.Zero;

    /// <summary>Spike only: how many distinct slots the attempts are spread over (attempt i books slot i % Slots).</summary>
    public int? Slots { get; init; }

    /// <summary>The spike's slot count: the option, or 2000.</summary>
    public int SpikeSlots => Slots ?? 2000;

    /// <summary>The scenario's request count: the option, or its default.</summary>
    public int RequestsFor(Scenario scenario) => Requests ?? scenario switch
    {
        Scenario.Hot or Scenario.Spread or Scenario.Commit => 2000,
        Scenario.Lifecycle => 1000,
        _ => 20000,
    };

    /// <summary>The scenario's concurrency: the option, or its default.</summary>
    public int ConcurrencyFor(Scenario scenario) => Concurrency ?? scenario switch
    {
        Scenario.Hot => 200,
        Scenario.Spike => 500,
        _ => 64,
    };

    /// <summary>Unmeasured requests before the measured ones (to open connections and warm the JIT): the option, or 200.</summary>
    public int WarmupRequests => Warmup ?? 200;
}

/// <summary>The command line: parsing and the help text. Pure, so it can be tested without a server.</summary>
public static class CommandLine
{
    public const string Help = """
        Booking.LoadTest: load and correctness tests of the booking engine over its HTTP API.

        Usage: dotnet run -c Release --project tests/Booking.LoadTest -- <scenario> [options]
               dotnet run -c Release --project tests/Booking.LoadTest -- seed-demo [--url URL] [--allow-remote]

        Scenarios:
          hot        N bookings of ONE slot (default 2000 at concurrency 200): exactly one 201
          spread     N bookings of N distinct slots (default 2000 at concurrency 64)
          read       N listings of one doctor's free slots for a day, GET /api/slots?doctor_id=&date=
                     (default 20000 at concurrency 64)
          lifecycle  N bookings of distinct slots (default 1000 at concurrency 64), each then confirmed
                     (40%), cancelled (30%) or left to expire (30%)
          spike      N booking attempts (default 20000 at concurrency 500) spread over --slots free slots
                     (attempt i books slot i % slots, each a different patient), no Idempotency-Key, no
                     retries: each attempt's first answer is its answer. Checks: only 201, 409 slot-taken,
                     503 + Retry-After and 504 outcome-unknown; at most one 201 per slot; every 201 findable;
                     every 504 resolved by reading its appointment back (200 committed, 404 not); the active
                     appointments are exactly the 201s and the committed 504s (judged only when the load and
                     the listing end within one hold, which it measures first)
          ceiling    the same HTTP client against GET /health/live, the Api's cheapest endpoint
                     (default 20000 at concurrency 64): the HTTP ceiling
          commit     the booking transaction alone (Booking.Grains.Data.SlotStore.BookAsync: the same SQL
                     and SERIALIZABLE isolation, through Npgsql, no Orleans, no HTTP) on N distinct slots it
                     inserts itself into the database given by --db (default 2000 at concurrency 64)
          all        ceiling, commit (when --db is given), hot, spread, read and lifecycle in one run,
                     side by side, with the ratios hot/HTTP ceiling, spread/commit ceiling, read/HTTP ceiling

        Command:
          seed-demo  what ./run.sh --demo runs: creates the 3 demo doctors (Riverside Medical Center) and
                     gives each working hours of every day 09:00-17:00 in 30-minute slots (PUT
                     /api/doctors/{id}/working-hours), so the silos keep free slots for the coming weeks.
                     A doctor already there (same email) is kept and gets the same hours again, so running
                     it again creates nothing twice and does not fail. Exit code 0; 1 when a doctor could
                     not be seeded; 2 when it could not start (bad arguments, the Api not ready, the
                     sign-in refused). Takes --url and --allow-remote.

        Options:
          --url URL                 the Api (default http://127.0.0.1:5080)
          --db CONNECTION_STRING    Npgsql connection string of the booking database (commit; all)
          --requests N              measured requests (bookings for commit) per scenario
          --concurrency N           requests in flight at once
          --warmup N                unmeasured requests first, to open connections and warm the JIT;
                                    spread and spike book N slots of a doctor of their own (default 200)
          --duration-limit SECONDS  hard stop per scenario (default 120); a run cut short fails its checks
          --slots N                 spike: the number of distinct slots (default 2000)
          --expire-wait SECONDS     lifecycle: wait up to this long for the holds left alone to expire, then
                                    check they read EXPIRED (default 0: not checked; start the system with
                                    e.g. Booking__HoldDuration=00:00:10 to use it)
          --out DIR                 write result.json, result.md, latency-over-time.png and
                                    latency-histogram.png there (with all: one folder per scenario too)
          --allow-remote            allow a --url or --db host that is not loopback (refused otherwise)
          --help                    this text

        Environment:
          BOOKING_ADMIN_PASSWORD        the Api's Auth__AdminPassword (required except for commit): the
                                        tool signs in at POST /api/auth/token to create doctors and slots
                                        and list appointments; appointments are read, confirmed and
                                        cancelled with their own access_token
          BOOKING_RATELIMIT_EXEMPT_KEY  the Api's RateLimit__ExemptKey, sent as X-RateLimit-Exempt so the
                                        load is not throttled (or start the Api with raised RateLimit__*)

        Every run creates its own doctor (a unique email per run) and its slots 30 or more days ahead
        through the API (commit: directly in the database), so it works on an empty system. It never
        deletes or changes anything it did not create, and it leaves what it created in the database.
        After the load it checks from outside, through the API: at most one active (PENDING or
        CONFIRMED) appointment per slot, every 201 findable by its id, slot listings that agree, no 5xx
        and no transport errors (hot: exactly one 201; spike: see above). A failed check prints why; the exit code is then 1
        (2 for bad arguments or a run that could not start).
        """;

    /// <summary>Parses the arguments; on failure <paramref name="error"/> says why and the result is null.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        if (args.Count == 0)
        {
            error = "give a scenario: hot, spread, read, lifecycle, spike, ceiling, commit or all (or the command seed-demo).";
            return null;
        }

        if (!Enum.TryParse<Scenario>(args[0], ignoreCase: true, out var scenario) || !Enum.IsDefined(scenario) || char.IsDigit(args[0][0]))
        {
            error = $"unknown scenario '{args[0]}'; give hot, spread, read, lifecycle, spike, ceiling, commit or all (or the command seed-demo).";
            return null;
        }

        if (Pairs(args, 1, out error) is not { } pairs || Target(pairs, out error) is not { } target)
        {
            return null;
        }

        var options = new LoadOptions { Scenario = scenario, BaseUrl = target.Url, AllowRemote = target.AllowRemote };
        foreach (var (name, value) in target.Others)
        {
            switch (name)
            {
                case "--db":
                    options = options with { Database = value };
                    break;
                case "--out":
                    options = options with { OutDirectory = value };
                    break;
                case "--requests":
                    if (PositiveInt(name, value!, 1, 10_000_000, ref error) is not { } requests)
                    {
                        return null;
                    }

                    options = options with { Requests = requests };
                    break;
                case "--concurrency":
                    if (PositiveInt(name, value!, 1, 10_000, ref error) is not { } concurrency)
                    {
                        return null;
                    }

                    options = options with { Concurrency = concurrency };
                    break;
                case "--warmup":
                    if (PositiveInt(name, value!, 0, 1_000_000, ref error) is not { } warmup)
                    {
                        return null;
                    }

                    options = options with { Warmup = warmup };
                    break;
                case "--duration-limit":
                    if (PositiveInt(name, value!, 1, 86_400, ref error) is not { } seconds)
                    {
                        return null;
                    }

                    options = options with { DurationLimit = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--slots":
                    if (PositiveInt(name, value!, 1, 100_000, ref error) is not { } slots)
                    {
                        return null;
                    }

                    options = options with { Slots = slots };
                    break;
                case "--expire-wait":
                    if (PositiveInt(name, value!, 0, 86_400, ref error) is not { } wait)
                    {
                        return null;
                    }

                    options = options with { ExpireWait = TimeSpan.FromSeconds(wait) };
                    break;
                default:
                    error = $"unknown option '{name}' (see --help).";
                    return null;
            }
        }

        if (scenario == Scenario.Commit && options.Database is null)
        {
            error = "commit needs --db \"<Npgsql connection string of the booking database>\".";
            return null;
        }

        if (!options.AllowRemote && options.Database is not null)
        {
            var host = Loopback.DatabaseHost(options.Database, out var dbError);
            if (host is null || !Loopback.IsLoopbackHost(host))
            {
                error = dbError ?? $"refusing --db host '{host}': it is not loopback (pass --allow-remote to use a remote database).";
                return null;
            }
        }

        return options;
    }

    /// <summary>Parses the arguments of <c>seed-demo</c> (those after it); on failure <paramref name="error"/> says why and the result is null.</summary>
    public static SeedDemoOptions? ParseSeedDemo(IReadOnlyList<string> args, out string? error)
    {
        if (Pairs(args, 0, out error) is not { } pairs || Target(pairs, out error) is not { } target)
        {
            return null;
        }

        if (target.Others is [var (name, _), ..])
        {
            error = $"seed-demo takes only --url and --allow-remote (got '{name}').";
            return null;
        }

        return new SeedDemoOptions { BaseUrl = target.Url, AllowRemote = target.AllowRemote };
    }

    /// <summary>
    /// The options every command takes, --url and --allow-remote, out of <paramref name="pairs"/>: the Api's URL (one that
    /// is not loopback is refused unless allowed), whether a remote system is allowed, and the other pairs. Null, with the
    /// reason in <paramref name="error"/>, when the URL is bad or refused.
    /// </summary>
    private static (Uri Url, bool AllowRemote, List<(string Name, string? Value)> Others)? Target(List<(string Name, string? Value)> pairs, out string? error)
    {
        error = null;
        var url = new Uri(LoadOptions.DefaultUrl);
        foreach (var (_, value) in pairs.Where(p => p.Name == "--url"))
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var given) && given.Scheme is "http" or "https")
            {
                url = given;
            }
            else
            {
                error = $"--url must be an absolute http or https URL (got '{value}').";
                return null;
            }
        }

        var allowRemote = pairs.Any(p => p.Name == "--allow-remote");
        if (!allowRemote && !Loopback.IsLoopbackHost(url.Host))
        {
            error = $"refusing {url}: its host is not loopback (pass --allow-remote to use a remote system).";
            return null;
        }

        return (url, allowRemote, pairs.Where(p => p.Name is not ("--url" or "--allow-remote")).ToList());
    }

    /// <summary>
    /// The options from <paramref name="from"/> on as (name, value) pairs, from "--name value" and "--name=value";
    /// the flag --allow-remote takes no value. Null, with the reason in <paramref name="error"/>, when a value is missing.
    /// </summary>
    private static List<(string Name, string? Value)>? Pairs(IReadOnlyList<string> args, int from, out string? error)
    {
        error = null;
        List<(string Name, string? Value)> pairs = [];
        for (var i = from; i < args.Count; i++)
        {
            var name = args[i];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (name == "--allow-remote")
            {
                pairs.Add((name, null));
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"{name} needs a value.";
                    return null;
                }

                value = args[++i];
            }

            pairs.Add((name, value));
        }

        return pairs;
    }

    private static int? PositiveInt(string name, string value, int min, int max, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        error = $"{name} must be a whole number from {min} to {max} (got '{value}').";
        return null;
    }
}

/// <summary>The guard that keeps the tool on this machine unless told otherwise.</summary>
public static class Loopback
{
    /// <summary>True for "localhost" (and its subdomains), loopback IP addresses (127.0.0.0/8, ::1) and Unix socket paths.</summary>
    public static bool IsLoopbackHost(string host)
    {
        if (host.StartsWith('/'))
        {
            return true;
        }

        var h = host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');
        if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase) || h.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(h, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The host of an Npgsql connection string (every host, when it lists several, must pass the guard: the first non-loopback one is returned).</summary>
    public static string? DatabaseHost(string connectionString, out string? error)
    {
        error = null;
        try
        {
            var host = new NpgsqlConnectionStringBuilder(connectionString).Host;
            if (string.IsNullOrWhiteSpace(host))
            {
                error = "--db has no Host.";
                return null;
            }

            var hosts = host.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(h => h.StartsWith('[') ? h[..(h.IndexOf(']', StringComparison.Ordinal) + 1)] : h.Split(':')[0])
                .ToList();
            return hosts.FirstOrDefault(h => !IsLoopbackHost(h)) ?? hosts[0];
        }
        catch (ArgumentException e)
        {
            error = $"--db is not a valid connection string: {e.Message}";
            return null;
        }
    }
}
