using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

public sealed record SnapshotInfo(string Snapshot, string? Uuid = null, string? State = null, List<string>? Indices = null);
