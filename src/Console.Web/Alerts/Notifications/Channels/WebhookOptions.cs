using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>
/// The <c>Alerts:Webhooks</c> settings. Webhook and Slack channels may not reach loopback, link-local, private,
/// unspecified or cloud-metadata addresses (see <see cref="WebhookAddressPolicy"/>) unless an administrator lists the
/// host here: an internal chat server, a script on this machine.
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Alerts:Webhooks";

    /// <summary>
    /// Hosts webhooks may reach whatever their address: a host name as written in the channel's URL
    /// (<c>mattermost.internal</c>), an IP address (<c>10.0.0.12</c>, <c>::1</c>) or a network (<c>10.20.0.0/16</c>).
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            var entry = AllowedHosts[i]?.Trim() ?? "";
            var valid = entry.Contains('/', StringComparison.Ordinal)
                ? IPNetwork.TryParse(entry, out _)
                : IPAddress.TryParse(entry.Trim('[', ']'), out _) || Uri.CheckHostName(entry) == UriHostNameType.Dns;
            if (!valid)
            {
                yield return new ValidationResult(
                    $"AllowedHosts:{i} '{entry}' is not a host name, an IP address or a network such as 10.0.0.0/8", [nameof(AllowedHosts)]);
            }
        }
    }
}
