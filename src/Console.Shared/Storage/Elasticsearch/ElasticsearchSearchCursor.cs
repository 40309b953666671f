using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// The <c>search_after</c> cursor of the Elasticsearch store: the point in time the pages are read from and the sort values
/// of the last hit (its time and shard doc), opaque to clients (URL-safe base64 of a small JSON array).
/// </summary>
internal static class ElasticsearchSearchCursor
{
    public static string Encode(string pointInTime, JsonArray sort)
    {
        var json = new JsonArray(JsonValue.Create(pointInTime), sort.DeepClone()).ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string cursor, out string pointInTime, out JsonArray sort)
    {
        pointInTime = string.Empty;
        sort = [];
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            var bytes = Convert.FromBase64String(base64);
            if (JsonNode.Parse(bytes) is not JsonArray { Count: 2 } array || array[0] is not JsonValue pit || array[1] is not JsonArray values
                || !pit.TryGetValue<string>(out var id) || values.Count == 0)
            {
                return false;
            }

            pointInTime = id;
            sort = (JsonArray)values.DeepClone();
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}
