using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Booking.Grains.Notifications;

/// <summary>
/// Sends a batch of messages over one SMTP connection (MailKit). Failures are reported per message by kind
/// (exception type, SMTP status code), never by text: a server's answer may quote the recipient's address.
/// </summary>
public sealed class SmtpMailSender(IOptions<SmtpOptions> options)
{
    private readonly SmtpOptions _options = options.Value;

    /// <summary>Sends each message; the error of each that failed (null: sent), in order.</summary>
    public async Task<string?[]> SendAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
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
