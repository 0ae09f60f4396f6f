using Booking.Grains.Interfaces;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Booking.Grains.Notifications;

/// <summary>
/// The silo's share of the deployment's signing key: the same appointment tokens the Api checks (so a mailed link
/// opens the appointment) and the sign-in link tokens, and the mail composer that puts them into messages.
/// </summary>
public sealed class NotificationLinks
{
    public NotificationLinks(IOptions<LinkSigningOptions> signing, IOptions<NotificationOptions> options, IOptions<SmtpOptions> smtp)
    {
        var key = signing.Value.SigningKeyBytes();
        if (key is not null)
        {
            AppointmentTokens = new AccessTokenSigner(key, AccessTokenSigner.AppointmentPurpose);
            SignInTokens = new AccessTokenSigner(key, AccessTokenSigner.SignInLinkPurpose);
        }

        Composer = new MailComposer(MailboxAddress.Parse(smtp.Value.From), options.Value.BaseUrl, AppointmentTokens, SignInTokens);
    }

    /// <summary>Appointment access tokens; null without a signing key.</summary>
    public AccessTokenSigner? AppointmentTokens { get; }

    /// <summary>Sign-in link tokens; null without a signing key.</summary>
    public AccessTokenSigner? SignInTokens { get; }

    /// <summary>True when a signing key is configured, so mails can carry links.</summary>
    public bool CanMakeLinks => SignInTokens is not null;

    public MailComposer Composer { get; }
}
