using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A bucket of a <c>terms</c> aggregation; the key is a string, a number, or 0/1 with <c>key_as_string</c> for booleans.</summary>
public sealed record TermsBucket(JsonElement Key, long DocCount, string? KeyAsString = null)
{
    public string KeyText => KeyAsString ?? (Key.ValueKind == JsonValueKind.String ? Key.GetString()! : Key.GetRawText());
}
