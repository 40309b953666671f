using System.ComponentModel.DataAnnotations;
using Console.Shared.Events;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>The <c>Ingest:HostMetrics</c> settings: how often this machine's CPU, memory, load, disks and network are sampled.</summary>
public sealed class HostMetricsOptions : IValidatableObject
{
    public const string Section = "Ingest:HostMetrics";

    public bool Enabled { get; set; } = true;

    /// <summary>Time between samples (Metricbeat's <c>period</c>); rates and CPU percentages are averages over it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the proc filesystem is mounted; tests point it at a fake tree.</summary>
    [Required]
    public string ProcRoot { get; set; } = "/proc";

    /// <summary>Mount points to report; empty means every real filesystem in <c>mounts</c> (pseudo filesystems such as proc, tmpfs and overlay skipped).</summary>
    public List<string> DiskMounts { get; set; } = [];

    /// <summary>The index family the documents go to (daily indices <c>metrics-2026.11.23</c>).</summary>
    [Required]
    public string IndexBase { get; set; } = "metrics";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IndexNames.Validate(IndexBase) is { } reason)
        {
            yield return new ValidationResult(reason, [nameof(IndexBase)]);
        }

        foreach (var mount in DiskMounts.Where(m => !Path.IsPathFullyQualified(m)))
        {
            yield return new ValidationResult($"'{mount}' is not an absolute mount point", [nameof(DiskMounts)]);
        }
    }
}
