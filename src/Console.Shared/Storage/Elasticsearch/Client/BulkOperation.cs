using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>One <c>index</c> action of a bulk request: the document replaces any with the same id.</summary>
public sealed record BulkOperation(string Index, string Id, JsonObject Document);
