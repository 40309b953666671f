using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Console.Ingest.Decoding;

/// <summary>
/// Renders a Serilog/Microsoft.Extensions.Logging message template (<c>Order {OrderId} by {@User} took {Elapsed:0.00} ms</c>)
/// with its properties, the way Seq shows <c>@m</c>: a string property without quotes, a structure as
/// <c>Type { Name: "x" }</c>, a sequence as <c>[1, 2]</c>, a format specifier applied (or the sender's own rendering from
/// CLEF's <c>@r</c>), an alignment padded, <c>{{</c>/<c>}}</c> as braces, and a hole with no property left as written.
/// </summary>
public static class MessageTemplateRenderer
{
    /// <param name="template">The template text.</param>
    /// <param name="properties">The event's properties, looked up by exact name as Serilog does.</param>
    /// <param name="renderings">CLEF's <c>@r</c>: one rendering per hole that has a format specifier, in order.</param>
    /// <param name="holes">How many holes the template has.</param>
    /// <param name="resolved">How many of them found their property.</param>
    public static string Render(string template, JsonObject properties, IReadOnlyList<string>? renderings, out int holes, out int resolved)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(properties);
        var text = new StringBuilder(template.Length + 32);
        var formatted = 0;
        holes = 0;
        resolved = 0;
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                text.Append('{');
                i += 2;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                text.Append('}');
                i += 2;
                continue;
            }

            if (c != '{' || !TryReadHole(template, i, out var hole, out var end))
            {
                text.Append(c);
                i++;
                continue;
            }

            holes++;
            var raw = template.AsSpan(i, end - i);
            i = end;
            string? rendering = null;
            if (hole.Format is not null)
            {
                if (renderings is not null && formatted < renderings.Count)
                {
                    rendering = renderings[formatted];
                }

                formatted++;
            }

            if (!properties.TryGetPropertyValue(hole.Name, out var value) && rendering is null)
            {
                text.Append(raw);
                continue;
            }

            resolved++;
            rendering ??= RenderValue(value, hole.Format, topLevel: true);
            Align(text, rendering, hole.Alignment);
        }

        return text.ToString();
    }

    private static bool TryReadHole(string template, int start, out Hole hole, out int end)
    {
        hole = default;
        end = template.IndexOf('}', start + 1);
        if (end < 0)
        {
            return false;
        }

        var content = template.AsSpan(start + 1, end - start - 1);
        end++;
        if (content.Length > 0 && (content[0] == '@' || content[0] == '$'))
        {
            content = content[1..];
        }

        string? format = null;
        var colon = content.IndexOf(':');
        if (colon >= 0)
        {
            format = content[(colon + 1)..].ToString();
            content = content[..colon];
        }

        int? alignment = null;
        var comma = content.IndexOf(',');
        if (comma >= 0)
        {
            if (!int.TryParse(content[(comma + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var width))
            {
                return false;
            }

            alignment = width;
            content = content[..comma];
        }

        if (content.IsEmpty)
        {
            return false;
        }

        foreach (var ch in content)
        {
            if (!char.IsLetterOrDigit(ch) && ch != '_')
            {
                return false;
            }
        }

        hole = new Hole(content.ToString(), format, alignment);
        return true;
    }

    private static void Align(StringBuilder text, string rendering, int? alignment)
    {
        if (alignment is not { } width || Math.Abs(width) <= rendering.Length)
        {
            text.Append(rendering);
            return;
        }

        var pad = Math.Abs(width) - rendering.Length;
        if (width > 0)
        {
            text.Append(' ', pad).Append(rendering);
        }
        else
        {
            text.Append(rendering).Append(' ', pad);
        }
    }

    private static string RenderValue(JsonNode? value, string? format, bool topLevel)
    {
        switch (value)
        {
            case null:
                return "null";
            case JsonObject structure:
                return RenderStructure(structure);
            case JsonArray sequence:
                return "[" + string.Join(", ", sequence.Select(item => RenderValue(item, null, topLevel: false))) + "]";
        }

        var scalar = (JsonValue)value;
        switch (scalar.GetValueKind())
        {
            case JsonValueKind.String:
                var s = scalar.GetValue<string>();
                if (format is not null && format != "l" && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date))
                {
                    return TryFormat(() => date.ToString(format, CultureInfo.InvariantCulture)) ?? s;
                }

                // Seq shows a string property bare in the message; inside structures it is quoted, as Serilog renders it.
                return topLevel ? s : JsonSerializer.Serialize(s);
            case JsonValueKind.True:
                return "True";
            case JsonValueKind.False:
                return "False";
            case JsonValueKind.Number:
                return RenderNumber(scalar, format);
            default:
                return scalar.ToJsonString();
        }
    }

    private static string RenderNumber(JsonValue number, string? format)
    {
        var raw = number.ToJsonString();
        if (format is null || format == "l")
        {
            return raw;
        }

        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return TryFormat(() => integer.ToString(format, CultureInfo.InvariantCulture)) ?? raw;
        }

        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            return TryFormat(() => exact.ToString(format, CultureInfo.InvariantCulture)) ?? raw;
        }

        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            ? TryFormat(() => real.ToString(format, CultureInfo.InvariantCulture)) ?? raw
            : raw;
    }

    private static string RenderStructure(JsonObject structure)
    {
        var text = new StringBuilder();
        if (structure["$type"] is JsonValue type && type.TryGetValue(out string? typeTag))
        {
            text.Append(typeTag).Append(' ');
        }

        text.Append("{ ");
        var first = true;
        foreach (var (name, member) in structure)
        {
            if (name == "$type")
            {
                continue;
            }

            if (!first)
            {
                text.Append(", ");
            }

            first = false;
            text.Append(name).Append(": ").Append(RenderValue(member, null, topLevel: false));
        }

        return text.Append(first ? "}" : " }").ToString();
    }

    private static string? TryFormat(Func<string> format)
    {
        try
        {
            return format();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private readonly record struct Hole(string Name, string? Format, int? Alignment);
}
