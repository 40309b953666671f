using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>How a field is mapped in some of the indices (one entry per mapping type the field has).</summary>
public sealed record FieldCapability(string Type, bool Searchable, bool Aggregatable, List<string>? Indices = null);
