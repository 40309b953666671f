using System.Text.Json.Nodes;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A snapshot repository (<c>PUT _snapshot/name</c>): its type (<c>fs</c>, <c>s3</c>, ...) and that type's settings.</summary>
public sealed record SnapshotRepository(string Type, JsonObject Settings);
