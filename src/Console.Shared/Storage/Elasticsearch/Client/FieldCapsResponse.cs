using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A <c>_field_caps</c> response: for each field, its capabilities by mapping type.</summary>
public sealed record FieldCapsResponse(List<string> Indices, Dictionary<string, Dictionary<string, FieldCapability>> Fields);
