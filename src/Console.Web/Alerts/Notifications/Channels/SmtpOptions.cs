using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>
/// The <c>Alerts:Smtp</c> settings: the one server every email channel sends through. It lives in the console's
/// settings rather than in each channel so its password stays in configuration or the environment, not in the
/// database that holds rules. No host means email is off.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Alerts:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Sign in with this user when set.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, <c>alerts@example.com</c> or <c>THE_BOT alerts &lt;alerts@example.com&gt;</c>.</summary>
    public string From { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield break;
        }

        if (!MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            yield return new ValidationResult($"From '{From}' is not an email address; email needs a sender once Host is set", [nameof(From)]);
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(User))
        {
            yield return new ValidationResult("Password is set but User is not", [nameof(User)]);
        }
    }
}
