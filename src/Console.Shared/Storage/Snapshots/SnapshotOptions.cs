using System.ComponentModel.DataAnnotations;

namespace Console.Shared.Storage.Snapshots;

/// <summary>The <c>Snapshots</c> section: where snapshots go.</summary>
public sealed class SnapshotOptions
{
    public const string Section = "Snapshots";

    /// <summary>The embedded store's repository folder; empty means <c>{DataPath}/snapshots</c>.</summary>
    public string RepositoryPath { get; set; } = string.Empty;

    /// <summary>The Elasticsearch snapshot repository the console registers and uses.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9._-]*$", ErrorMessage = "Snapshots:ElasticsearchRepository must be lowercase letters, digits, '.', '_' or '-'")]
    public string ElasticsearchRepository { get; set; } = "console-snapshots";

    /// <summary>
    /// The <c>fs</c> repository's folder as the Elasticsearch nodes see it; it must be listed in their <c>path.repo</c>
    /// (shared by every node). Empty: the repository must already be registered.
    /// </summary>
    public string ElasticsearchLocation { get; set; } = string.Empty;

    public string ResolveRepositoryPath(StorageOptions storage) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(RepositoryPath) ? Path.Combine(storage.DataPath, "snapshots") : RepositoryPath);
}
