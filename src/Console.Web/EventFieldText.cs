using System.Text.Json;
using System.Text.Json.Nodes;

namespace Console.Web;

/// <summary>A field of a stored event as text, the way the document table and the CSV export show it.</summary>
public static class EventFieldText
{
    /// <summary>The value of <paramref name="field"/>: a flat key first (<c>"http.status_code"</c>), else a dotted path into nested objects.</summary>
    public static string Of(JsonObject source, string field)
    {
        if (source.TryGetPropertyValue(field, out var flat))
        {
            return Display(flat);
        }

        JsonNode? node = source;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null)
            {
                return "";
            }
        }

        return Display(node);
    }

    /// <summary>A string as it is; a number, boolean, array or object as its JSON; nothing as an empty string.</summary>
    public static string Display(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
