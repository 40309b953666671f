using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The <c>pit</c> of a search: which point in time to read and how much longer to keep it.</summary>
public sealed record PointInTimeReference(string Id, string KeepAlive);
