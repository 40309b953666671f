using System.Text.Json.Serialization;

namespace Console.Ingest.Sources.Files;

/// <summary>How far one file of one input has been durably read.</summary>
internal sealed class FileRegistryEntry
{
    [JsonPropertyName("input")]
    public string Input { get; set; } = "";

    [JsonPropertyName("device")]
    public ulong Device { get; set; }

    [JsonPropertyName("inode")]
    public ulong Inode { get; set; }

    /// <summary>The path the file was last seen at; after a restart a rotated file is looked for beside it.</summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    /// <summary>End of the last line whose events the pipeline accepted.</summary>
    [JsonPropertyName("offset")]
    public long Offset { get; set; }

    /// <summary>When reading of this content began (Unix ms); part of event ids, so a truncated or re-created file gets new ones.</summary>
    [JsonPropertyName("since")]
    public long Since { get; set; }

    /// <summary>How many of the file's first bytes <see cref="HeadHash"/> covers (at most 1 KiB).</summary>
    [JsonPropertyName("head_length")]
    public int HeadLength { get; set; }

    /// <summary>SHA-256 of the file's first bytes, so a reused inode or a truncated and refilled file is not mistaken for this one.</summary>
    [JsonPropertyName("head_sha256")]
    public string? HeadHash { get; set; }

    [JsonIgnore]
    public FileIdentity Identity => new(Device, Inode);
}
