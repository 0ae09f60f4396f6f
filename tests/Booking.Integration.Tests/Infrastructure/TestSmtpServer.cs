using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on 127.0.0.1, keeping every message it accepts.
/// Recipients whose address starts with <c>flaky-</c> are refused once with 451 (try again later), those starting with
/// <c>refused-</c> every time, so tests can see retries and dead deliveries.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _running;

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Every message accepted so far.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    /// <summary>How often a recipient was refused.</summary>
    public int RefusalsOf(string address) => _refusals.GetValueOrDefault(address);

    public static TestSmtpServer Start()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new TestSmtpServer(port);
    }

    /// <summary>Waits (bounded) for a message to <paramref name="address"/> that <paramref name="match"/> accepts.</summary>
    public async Task<MimeMessage> WaitForAsync(string address, Func<MimeMessage, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = _messages.FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase)) && (match?.Invoke(m) ?? true));
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no matching message to {address} within the timeout; {_messages.Count} message(s) received");
            await Task.Delay(50);
        }
    }

    /// <summary>Messages to <paramref name="address"/> received so far.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        _messages.Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }

        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            foreach (var to in transaction.To.Select(t => $"{t.User}@{t.Host}"))
            {
                var refused = to.StartsWith("refused-", StringComparison.OrdinalIgnoreCase)
                    || (to.StartsWith("flaky-", StringComparison.OrdinalIgnoreCase) && server.RefusalsOf(to) == 0);
                if (refused)
                {
                    server._refusals.AddOrUpdate(to, 1, (_, n) => n + 1);
                    return new SmtpResponse(SmtpReplyCode.Error, "try again later");
                }
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            server._messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
