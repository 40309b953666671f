using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Transforms;

/// <summary>The <c>Ingest:Transforms</c> settings: the seed's filters, routes and enrichment.</summary>
public sealed class TransformOptions
{
    public const string Section = "Ingest:Transforms";

    /// <summary>The deployment's environment (the seed's <c>ENVIRONMENT</c> variable); empty means read <c>ENVIRONMENT</c>, else <c>development</c>.</summary>
    public string Environment { get; set; } = string.Empty;

    /// <summary>The platform's version (the seed's <c>PLATFORM_VERSION</c> variable); empty means read <c>PLATFORM_VERSION</c>.</summary>
    public string PlatformVersion { get; set; } = string.Empty;

    /// <summary>The host name events without one get; empty means this machine's name.</summary>
    public string HostName { get; set; } = string.Empty;

    /// <summary>Drop DEBUG events when the environment is production, as the seed's Logstash filter does.</summary>
    public bool DropDebugInProduction { get; set; } = true;

    /// <summary>Levels whose events are also written to the errors index.</summary>
    public List<string> ErrorLevels { get; set; } = ["ERROR", "CRITICAL"];

    /// <summary>The index family errors are copied to.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9._-]*$", ErrorMessage = "ErrorIndex must be a valid lowercase index name")]
    public string ErrorIndex { get; set; } = "thebot-errors";

    /// <summary>Lucene queries; an event matching any of them is dropped (e.g. <c>logger:django.server AND message:"GET /api/health/"</c>).</summary>
    public List<string> DropQueries { get; set; } = [];
}
