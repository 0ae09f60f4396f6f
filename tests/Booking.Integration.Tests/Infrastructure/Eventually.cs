namespace Booking.Integration.Tests.Infrastructure;

/// <summary>Waits on a condition with a bound, never a fixed sleep: polls until it holds or the time is up.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="every"/> (100 ms) until it holds; false when <paramref name="limit"/> passed first.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan limit, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Like <see cref="HoldsAsync"/>, and fails the test with <paramref name="because"/> when the condition never held.</summary>
    public static async Task AssertAsync(Func<Task<bool>> condition, TimeSpan limit, string because)
    {
        Assert.True(await HoldsAsync(condition, limit), $"{because} (waited {limit.TotalSeconds:F0} s)");
    }
}

/// <summary>Free loopback ports, for servers the tests start.</summary>
public static class Ports
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int Free()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
