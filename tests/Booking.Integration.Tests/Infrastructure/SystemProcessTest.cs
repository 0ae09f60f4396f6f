namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A test class that runs against the system as separate processes: each test gets a fresh database and
/// its own Silo and Api processes, started before it and stopped after it.
/// </summary>
public abstract class SystemProcessTest : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    protected SystemProcesses Processes { get; private set; } = null!;

    /// <summary>Extra environment for the processes, e.g. a short Booking__HoldDuration.</summary>
    protected virtual IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Processes = await SystemProcesses.StartAsync(Database.ConnectionString, Environment);
    }

    public async Task DisposeAsync()
    {
        // Null-safe: a failed start-up leaves some of these unset, and its own error is the one to see.
        if (Processes is not null)
        {
            await Processes.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
