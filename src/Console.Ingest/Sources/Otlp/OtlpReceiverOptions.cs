using System.ComponentModel.DataAnnotations;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Otlp;

/// <summary>The <c>Ingest:Otlp</c> settings: OpenTelemetry logs over HTTP at <c>POST /v1/logs</c>.</summary>
public sealed class OtlpReceiverOptions : IValidatableObject
{
    public const string Section = "Ingest:Otlp";

    /// <summary>Off: <c>/v1/logs</c> answers 404 as if the route did not exist.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest request body in bytes, after gzip is undone (a small gzip body must not inflate without bound).</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest single log record (as the event it becomes, in JSON bytes); a larger one is rejected and counted in partial_success.</summary>
    [Range(256, 64 * 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>The index family the records go to.</summary>
    [Required]
    public string IndexBase { get; set; } = IndexNames.DefaultBase;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IndexNames.Validate(IndexBase) is { } reason)
        {
            yield return new ValidationResult(reason, [nameof(IndexBase)]);
        }
    }
}
