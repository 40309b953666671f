namespace Console.Web.Alerts.Notifications;

/// <summary>
/// A destination a rule notifies, as the rule editor saves it. One flat shape for every type (each uses the settings
/// it needs) so it stores as one row or JSON document; <see cref="NotificationChannelValidator"/> says what is missing.
/// </summary>
public sealed record NotificationChannelDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required NotificationChannelType Type { get; init; }

    /// <summary>The webhook's absolute http(s) address (Webhook and Slack).</summary>
    public string? Url { get; init; }

    /// <summary>Headers sent with every webhook request, such as <c>Authorization</c> (Webhook and Slack).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Email addresses, <c>ops@example.com</c> or <c>Ops &lt;ops@example.com&gt;</c> (Email).</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];
}
