using System.ComponentModel.DataAnnotations;

namespace Console.Web;

/// <summary>The <c>Console</c> settings: how the console is reached from outside, for links in notifications.</summary>
public sealed class ConsoleUrlOptions : IValidatableObject
{
    public const string Section = "Console";

    /// <summary>The console's address as its users reach it (behind a proxy, the proxy's address, path included).</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5601";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"'{PublicUrl}' is not an absolute http or https address", [nameof(PublicUrl)]);
        }
    }
}
