using System.Text.Json;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>Source-generated JSON for the little the store itself serializes (a composite aggregation's after key).</summary>
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class ElasticsearchStoreJson : JsonSerializerContext;
