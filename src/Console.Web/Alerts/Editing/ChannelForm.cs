using Console.Web.Alerts.Notifications;

namespace Console.Web.Alerts.Editing;

/// <summary>A channel as its form holds it: headers as <c>Name: value</c> lines and recipients one a line (or comma-separated).</summary>
public sealed class ChannelForm
{
    public string Name { get; set; } = "";

    public NotificationChannelType Type { get; set; } = NotificationChannelType.Webhook;

    public string Url { get; set; } = "";

    public string Headers { get; set; } = "";

    public string Recipients { get; set; } = "";

    public static ChannelForm From(NotificationChannelDefinition channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new ChannelForm
        {
            Name = channel.Name,
            Type = channel.Type,
            Url = channel.Url ?? "",
            Headers = string.Join("\n", channel.Headers.Select(h => $"{h.Key}: {h.Value}")),
            Recipients = string.Join("\n", channel.Recipients),
        };
    }

    /// <summary>The channel (id left for the service), or why the header lines do not read.</summary>
    public (NotificationChannelDefinition? Channel, IReadOnlyList<string> Errors) ToDefinition()
    {
        var errors = new List<string>();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Type is NotificationChannelType.Webhook or NotificationChannelType.Slack)
        {
            foreach (var line in Headers.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    errors.Add($"Header line '{line}' needs the form 'Name: value'.");
                    continue;
                }

                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var isWebhook = Type is NotificationChannelType.Webhook or NotificationChannelType.Slack;
        return (new NotificationChannelDefinition
        {
            Id = "",
            Name = Name.Trim(),
            Type = Type,
            Url = isWebhook ? Url.Trim() : null,
            Headers = headers,
            Recipients = isWebhook ? [] : Recipients.Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        }, []);
    }
}
