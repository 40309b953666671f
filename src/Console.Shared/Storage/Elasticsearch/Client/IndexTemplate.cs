using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A composable index template (<c>PUT _index_template/name</c>).</summary>
public sealed record IndexTemplate(List<string> IndexPatterns, int Priority, IndexTemplateBody Template, [property: JsonPropertyName("_meta")] JsonObject? Meta = null);
