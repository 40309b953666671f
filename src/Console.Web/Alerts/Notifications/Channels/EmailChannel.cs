using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>Sends <see cref="AlertEmail"/> through the <c>Alerts:Smtp</c> server with MailKit, one SMTP session per send.</summary>
public sealed class EmailChannel(IOptions<SmtpOptions> options) : INotificationChannel
{
    public NotificationChannelType Type => NotificationChannelType.Email;

    public async Task<ChannelSendResult> SendAsync(AlertNotification notification, NotificationChannelDefinition channel, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return ChannelSendResult.Failure(null, $"no SMTP server is set ({SmtpOptions.Section}:Host)", retryable: false);
        }

        var recipients = new List<MailboxAddress>();
        foreach (var recipient in channel.Recipients)
        {
            if (!MailboxAddress.TryParse(recipient, out var address))
            {
                return ChannelSendResult.Failure(null, $"'{recipient}' is not an email address", retryable: false);
            }

            recipients.Add(address);
        }

        if (recipients.Count == 0)
        {
            return ChannelSendResult.Failure(null, "the channel has no recipients", retryable: false);
        }

        var message = AlertEmail.Build(notification, MailboxAddress.Parse(smtp.From), recipients);
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Socket(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return ChannelSendResult.Success();
        }
        catch (SmtpCommandException e)
        {
            var status = (int)e.StatusCode;
            // 4xx replies are the server's "try again later" (greylisting, a full queue); 5xx ones will not change.
            return ChannelSendResult.Failure(status, $"SMTP {status}: {e.Message}", retryable: status < 500);
        }
        catch (AuthenticationException e)
        {
            return ChannelSendResult.Failure(null, $"SMTP sign-in as '{smtp.User}' failed: {e.Message}", retryable: false);
        }
        catch (SslHandshakeException e)
        {
            return ChannelSendResult.Failure(null, $"TLS with {smtp.Host}:{smtp.Port} ({smtp.Security}) failed: {e.Message}", retryable: false);
        }
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };
}
