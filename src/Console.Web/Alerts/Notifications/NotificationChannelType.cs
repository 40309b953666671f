using System.Text.Json.Serialization;

namespace Console.Web.Alerts.Notifications;

/// <summary>Where a channel delivers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationChannelType>))]
public enum NotificationChannelType
{
    /// <summary>A JSON POST of the documented payload to any URL.</summary>
    Webhook,

    /// <summary>A Slack-compatible incoming webhook (Slack, Mattermost).</summary>
    Slack,

    /// <summary>Email over the SMTP server of <c>Alerts:Smtp</c>.</summary>
    Email,

    /// <summary>The console's own notification list.</summary>
    Console,
}
