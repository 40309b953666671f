using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications;

/// <summary>
/// Sends one made-up notification to a channel right away, once, so whoever sets up a webhook or a mailbox sees at once
/// whether it arrives (the channel editor's "Send test"); not queued, retried or put in the delivery log.
/// </summary>
public sealed class ChannelTestSender(
    IEnumerable<INotificationChannel> channels,
    DiscoverLinks links,
    IOptions<AlertNotificationOptions> options,
    TimeProvider time)
{
    public const string TestRuleId = "test";

    public async Task<ChannelSendResult> SendAsync(NotificationChannelDefinition channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var sender = channels.FirstOrDefault(c => c.Type == channel.Type);
        if (sender is null)
        {
            return ChannelSendResult.Failure(null, $"no sender for channel type {channel.Type}", retryable: false);
        }

        var now = time.GetUtcNow();
        var notification = new AlertNotification
        {
            RuleId = TestRuleId,
            RuleName = $"Test notification for channel '{channel.Name}'",
            State = Rules.AlertState.Firing,
            Value = 0,
            Comparison = Rules.ThresholdComparison.Above,
            Threshold = 0,
            IndexPattern = "thebot-logs-*",
            Query = "",
            WindowStart = now.AddMinutes(-5),
            WindowEnd = now,
            DiscoverUrl = links.For("thebot-logs-*", "", now.AddMinutes(-5), now),
            CreatedAt = now,
        };
        using var timeout = new CancellationTokenSource(options.Value.AttemptTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await sender.SendAsync(notification, channel, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ChannelSendResult.Failure(null, $"no answer within {options.Value.AttemptTimeout}", retryable: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Security.AuthenticationException or MailKit.Net.Smtp.SmtpCommandException or System.Security.Authentication.AuthenticationException)
        {
            return ChannelSendResult.Failure(null, e.InnerException is { } inner ? $"{e.Message}: {inner.Message}" : e.Message, retryable: true);
        }
    }
}
