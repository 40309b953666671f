using System.ComponentModel.DataAnnotations;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// What the Elasticsearch store does with the cluster: the <c>Store:Elasticsearch</c> section, the same section the client's
/// connection settings (<see cref="Client.ElasticsearchClientOptions"/>) are read from.
/// </summary>
public sealed class ElasticsearchStoreOptions
{
    public const string Section = "Store:Elasticsearch";

    /// <summary>The families the pipeline writes by default: logs, the errors index and host metrics.</summary>
    public static readonly IReadOnlyList<string> DefaultIndexPatterns = ["thebot-logs-*", "thebot-errors-*", "metrics-*"];

    /// <summary>
    /// The index families whose daily indices get the schema's template; empty means <see cref="DefaultIndexPatterns"/>
    /// (a default in the list would stay beside the configured ones: the configuration binder appends to a list).
    /// </summary>
    public List<string> IndexPatterns { get; set; } = [];

    public IReadOnlyList<string> EffectiveIndexPatterns => IndexPatterns.Count > 0 ? IndexPatterns : DefaultIndexPatterns;

    /// <summary>Name of the index template and of the ILM policy the console installs.</summary>
    [Required]
    public string TemplateName { get; set; } = "console-logs";

    /// <summary>Above Elasticsearch's built-in templates (priority 100, e.g. <c>metrics-*-*</c>) so ours wins for our families.</summary>
    [Range(0, 10_000)]
    public int TemplatePriority { get; set; } = 150;

    [Range(1, 64)]
    public int Shards { get; set; } = 1;

    /// <summary>0 suits a single node (the cluster stays green); 1 or more once there are nodes to hold copies.</summary>
    [Range(0, 16)]
    public int Replicas { get; set; }

    /// <summary>Index family of the events Elasticsearch refused (mapping errors), with the reason: <c>console-deadletter-2026.11.23</c>.</summary>
    [Required]
    public string DeadLetterIndexBase { get; set; } = "console-deadletter";

    /// <summary>Tries of one bulk request on 429/5xx or no node answering before the batch is handed back to the ingest worker, which keeps it and tries again.</summary>
    [Range(1, 100)]
    public int BulkAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan BulkInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan BulkMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a page cursor stays valid between two pages (the point in time's keep_alive).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan CursorKeepAlive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the field types of an index pattern are reused before _field_caps is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FieldTypesCacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}
