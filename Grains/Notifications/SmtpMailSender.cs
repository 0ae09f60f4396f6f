using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Booking.Grains.Notifications;

/// <summary>
/// Sends a batch of messages over a few SMTP connections at once (MailKit), each carrying its share of the batch
/// one message after another. Failures are reported per message by kind (exception type, SMTP status code), never
/// by text: a server's answer may quote the recipient's address.
/// </summary>
public sealed class SmtpMailSender(IOptions<SmtpOptions> options)
{
    // Fewer messages than this per connection are not worth opening another one for.
    private const int MessagesPerConnection = 10;

    private readonly SmtpOptions _options = options.Value;

    /// <summary>Sends each message; the error of each that failed (null: sent), in order.</summary>
    public async Task<string?[]> SendAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        var connections = Math.Clamp((messages.Count + MessagesPerConnection - 1) / MessagesPerConnection, 1, _options.MaxConnections);
        var shares = Enumerable.Range(0, connections).Select(c => Enumerable.Range(0, messages.Count).Where(i => i % connections == c).ToList()).ToList();
        var results = await Task.WhenAll(shares.Select(share => SendOnOneConnectionAsync(share.Select(i => messages[i]).ToList(), cancellationToken)));
        var errors = new string?[messages.Count];
        for (var c = 0; c < connections; c++)
        {
            for (var k = 0; k < shares[c].Count; k++)
            {
                errors[shares[c][k]] = results[c][k];
            }
        }

        return errors;
    }

    private async Task<string?[]> SendOnOneConnectionAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        var errors = new string?[messages.Count];
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Host!, _options.Port, Security(_options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Array.Fill(errors, "connect: " + Describe(e));
            return errors;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                await client.SendAsync(messages[i], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                errors[i] = "send: " + Describe(e);
                if (!client.IsConnected)
                {
                    // The connection is gone: the rest of the batch fails the same way and is tried again later.
                    for (var rest = i + 1; rest < messages.Count; rest++)
                    {
                        errors[rest] = errors[i];
                    }

                    return errors;
                }
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return errors;
    }

    private static string Describe(Exception e) => e switch
    {
        SmtpCommandException command => $"{nameof(SmtpCommandException)} {(int)command.StatusCode} {command.ErrorCode}",
        SmtpProtocolException => nameof(SmtpProtocolException),
        _ => e.GetType().Name,
    };

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
