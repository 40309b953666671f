using Console.Web.Alerts.Notifications;

namespace Console.Web.Apis;

/// <summary>The body of <c>POST /api/alerts/channels</c>: a webhook or Slack URL (with optional headers), or email recipients.</summary>
public sealed record NotificationChannelInput(
    string? Name,
    NotificationChannelType? Type,
    string? Url,
    IReadOnlyDictionary<string, string>? Headers,
    IReadOnlyList<string>? Recipients);
