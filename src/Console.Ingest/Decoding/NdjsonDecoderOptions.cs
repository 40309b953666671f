using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Decoding;

/// <summary>The <c>Ingest:Ndjson</c> settings.</summary>
public sealed class NdjsonDecoderOptions
{
    public const string Section = "Ingest:Ndjson";

    /// <summary>Longest accepted line (one event) in bytes; longer lines are rejected whole and counted.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Events handed to the store at a time while a request streams in.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;
}
