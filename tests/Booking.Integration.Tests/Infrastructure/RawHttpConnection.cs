using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Booking.Integration.Tests.Infrastructure;

/// <summary>One HTTP/1.1 connection at the socket level, to see what a keep-alive client sees: requests go out on the
/// same TCP connection one after another, and the server's framing (Content-Length, chunked, close) is read as sent.</summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly string _host;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RawHttpConnection(TcpClient tcp, string host)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _host = host;
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        return new RawHttpConnection(tcp, server.Authority);
    }

    /// <summary>Sends a request: headers, then <paramref name="body"/> (all of it, or only <paramref name="sendBodyBytes"/> of it).</summary>
    public async Task SendAsync(string method, string path, IEnumerable<string>? headers = null, byte[]? body = null,
        long? contentLength = null, int? sendBodyBytes = null)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: {_host}\r\n");
        foreach (var header in headers ?? [])
        {
            head.Append(header).Append("\r\n");
        }

        if (body is not null || contentLength is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength ?? body!.Length}\r\n");
        }

        head.Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (body is not null)
        {
            await _stream.WriteAsync(body.AsMemory(0, sendBodyBytes ?? body.Length));
        }

        await _stream.FlushAsync();
    }

    /// <summary>Sends a request whose body is chunked (no Content-Length), in chunks of 8 KiB.</summary>
    public async Task SendChunkedAsync(string method, string path, IEnumerable<string> headers, byte[] body)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: {_host}\r\nTransfer-Encoding: chunked\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        foreach (var chunk in body.Chunk(8192))
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            await _stream.WriteAsync(chunk);
            await _stream.WriteAsync("\r\n"u8.ToArray());
        }

        await _stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        await _stream.FlushAsync();
    }

    /// <summary>Reads one whole response (Content-Length, chunked, or until the server closes).</summary>
    public async Task<RawHttpResponse> ReadResponseAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var statusLine = await ReadLineAsync(timeout.Token) ?? throw new IOException("The server closed the connection before answering.");
        var status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await ReadLineAsync(timeout.Token) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        byte[] body;
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var chunks = new MemoryStream();
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync(timeout.Token))!.Split(';')[0], 16);
                if (size == 0)
                {
                    while (await ReadLineAsync(timeout.Token) is { Length: > 0 })
                    {
                        // Trailers: none expected, skipped.
                    }

                    break;
                }

                chunks.Write(await ReadBytesAsync(size, timeout.Token));
                await ReadLineAsync(timeout.Token);
            }

            body = chunks.ToArray();
        }
        else if (headers.TryGetValue("Content-Length", out var length))
        {
            body = await ReadBytesAsync(int.Parse(length, CultureInfo.InvariantCulture), timeout.Token);
        }
        else
        {
            body = [];
        }

        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    /// <summary>True when the server has closed its side cleanly (a FIN: the next read ends with no data), false when
    /// the connection is still open; a reset throws.</summary>
    public async Task<bool> ServerClosedAsync(TimeSpan wait)
    {
        if (_start < _end)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _stream.ReadAsync(_buffer, timeout.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    private async Task<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new IOException($"The server closed the connection after {copied} of {count} body bytes.");
            }

            var n = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, bytes, copied, n);
            _start += n;
            copied += n;
        }

        return bytes;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A response as read off the wire.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>True when the server said it will close the connection after this response.</summary>
    public bool Closes => Headers.TryGetValue("Connection", out var connection) && connection.Contains("close", StringComparison.OrdinalIgnoreCase);
}
