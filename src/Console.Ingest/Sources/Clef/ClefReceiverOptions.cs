using System.ComponentModel.DataAnnotations;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Clef;

/// <summary>The <c>Ingest:Clef</c> settings: Seq's ingestion API (<c>/ingest/clef</c>, <c>/api/events/raw</c>), which Serilog.Sinks.Seq posts to.</summary>
public sealed class ClefReceiverOptions : IValidatableObject
{
    public const string Section = "Ingest:Clef";

    /// <summary>Off: the routes answer 404 as if they did not exist.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Longest event (line) in bytes; a longer one is rejected and counted, the lines around it kept.</summary>
    [Range(256, 64 * 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest request body in bytes, after gzip is undone.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// API keys a sender must present (<c>X-Seq-ApiKey</c> header or <c>?apiKey=</c>); empty accepts every request, as a
    /// Seq without API keys does. Checked through <see cref="ISeqApiKeyValidator"/>.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    [Required]
    public string IndexBase { get; set; } = IndexNames.DefaultBase;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IndexNames.Validate(IndexBase) is { } reason)
        {
            yield return new ValidationResult(reason, [nameof(IndexBase)]);
        }

        if (ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("an API key is empty", [nameof(ApiKeys)]);
        }
    }
}
