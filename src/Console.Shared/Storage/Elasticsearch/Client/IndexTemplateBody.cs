using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The <c>template</c> of a composable index template: settings and mappings given to each new matching index.</summary>
public sealed record IndexTemplateBody(JsonObject Settings, JsonObject Mappings);
