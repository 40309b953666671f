using System.ComponentModel.DataAnnotations;

namespace Console.Shared.Storage.Lifecycle;

/// <summary>The <c>Lifecycle</c> section: the retention policies until they are edited in the console, and how often the embedded store applies them.</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>Whether the embedded store's lifecycle job runs (Elasticsearch applies its ILM policies itself).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two lifecycle runs of the embedded store; the first run is one interval after start.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The policies used until they are saved from the console (then <c>{DataPath}/lifecycle/policies.json</c> wins); empty
    /// means <see cref="RetentionPolicies.Defaults"/> (a default in the list would stay beside configured ones: the binder appends).
    /// </summary>
    public List<RetentionPolicy> Policies { get; set; } = [];
}
