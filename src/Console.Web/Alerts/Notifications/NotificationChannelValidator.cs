using Console.Web.Alerts.Notifications.Channels;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Console.Web.Alerts.Notifications;

/// <summary>Checks a channel definition before it is saved, so a mistake shows in the editor rather than as failed deliveries.</summary>
public sealed class NotificationChannelValidator(IOptions<SmtpOptions> smtp)
{
    // HttpClient sets these itself from the payload and the address; a channel that sets them would send a broken request.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Host", "Transfer-Encoding", "Connection",
    };

    /// <summary>Every problem found; empty when the channel can be saved.</summary>
    public IReadOnlyList<ChannelValidationError> Validate(NotificationChannelDefinition channel)
    {
        var errors = new List<ChannelValidationError>();
        if (string.IsNullOrWhiteSpace(channel.Id))
        {
            errors.Add(new(nameof(channel.Id), "A channel needs an id."));
        }

        if (string.IsNullOrWhiteSpace(channel.Name))
        {
            errors.Add(new(nameof(channel.Name), "A channel needs a name."));
        }

        switch (channel.Type)
        {
            case NotificationChannelType.Webhook or NotificationChannelType.Slack:
                ValidateUrl(channel.Url, errors);
                ValidateHeaders(channel.Headers, errors);
                break;
            case NotificationChannelType.Email:
                ValidateEmail(channel.Recipients, errors);
                break;
            case NotificationChannelType.Console:
                break;
            default:
                errors.Add(new(nameof(channel.Type), $"Unknown channel type '{channel.Type}'."));
                break;
        }

        return errors;
    }

    private static void ValidateUrl(string? url, List<ChannelValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add(new(nameof(NotificationChannelDefinition.Url), "A webhook needs a URL."));
        }
        else if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) || parsed.IsFile || parsed.IsUnc)
        {
            errors.Add(new(nameof(NotificationChannelDefinition.Url), $"'{url}' is not an absolute URL; write it whole, such as https://hooks.example.com/alerts."));
        }
        else if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add(new(nameof(NotificationChannelDefinition.Url), $"'{url}' uses {parsed.Scheme}:; a webhook URL must start with http:// or https://."));
        }
    }

    private static void ValidateHeaders(IReadOnlyDictionary<string, string> headers, List<ChannelValidationError> errors)
    {
        foreach (var (name, value) in headers)
        {
            var field = $"{nameof(NotificationChannelDefinition.Headers)}[{name}]";
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                errors.Add(new(field, $"'{name}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)."));
            }
            else if (ReservedHeaders.Contains(name))
            {
                errors.Add(new(field, $"{name} is set by the console itself and cannot be overridden."));
            }

            if (value.Any(c => c is '\r' or '\n' or '\0'))
            {
                errors.Add(new(field, $"The value of {name} contains a line break."));
            }
        }
    }

    private void ValidateEmail(IReadOnlyList<string> recipients, List<ChannelValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(smtp.Value.Host))
        {
            errors.Add(new(nameof(NotificationChannelDefinition.Type), $"Email is off: no SMTP server is set ({SmtpOptions.Section}:Host)."));
        }

        if (recipients.Count == 0)
        {
            errors.Add(new(nameof(NotificationChannelDefinition.Recipients), "An email channel needs at least one recipient."));
        }

        foreach (var recipient in recipients)
        {
            if (!MailboxAddress.TryParse(recipient, out var address) || !IsAddress(address.Address))
            {
                errors.Add(new(nameof(NotificationChannelDefinition.Recipients), $"'{recipient}' is not an email address."));
            }
        }
    }

    // MimeKit accepts a bare local part as a mailbox; a recipient without a domain cannot be delivered by a relay.
    private static bool IsAddress(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
