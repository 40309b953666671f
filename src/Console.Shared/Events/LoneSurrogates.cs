using System.Text;
using System.Text.Json.Nodes;

namespace Console.Shared.Events;

/// <summary>
/// JSON lets a sender escape half of a UTF-16 surrogate pair (<c>"\ud800"</c>), which no UTF-8 writer can write. Such
/// halves are replaced with U+FFFD, as a UTF-8 decoder does with invalid bytes, so the event is kept rather than refused.
/// </summary>
public static class LoneSurrogates
{
    /// <summary>Replaces lone surrogates in every string and property name under <paramref name="node"/>; true when any was found.</summary>
    public static bool Repair(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var repaired = false;
                foreach (var (name, child) in obj.ToList())
                {
                    repaired |= Repair(child);
                    if (Fix(name) is { } fixedName)
                    {
                        obj.Remove(name);
                        obj[fixedName] = child;
                        repaired = true;
                    }
                }

                return repaired;
            }

            case JsonArray array:
            {
                var repaired = false;
                for (var i = 0; i < array.Count; i++)
                {
                    repaired |= Repair(array[i]);
                }

                return repaired;
            }

            case JsonValue value when value.TryGetValue(out string? text) && Fix(text) is { } fixedText:
                value.ReplaceWith(JsonValue.Create(fixedText));
                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// <paramref name="json"/> with its escaped lone surrogates replaced (see <see cref="RepairEscapes(ReadOnlySpan{byte})"/>),
    /// or itself when it has none: what every receiver parses instead of the text it was sent.
    /// </summary>
    public static ReadOnlyMemory<byte> Repaired(ReadOnlyMemory<byte> json) => RepairEscapes(json.Span) is { } repaired ? repaired : json;

    /// <summary>
    /// JSON text with every escaped lone surrogate (<c>\ud800</c> without its pair) replaced by <c>\ufffd</c>, or null when
    /// it has none: System.Text.Json parses such text but throws when the string is read, so it is repaired before parsing.
    /// </summary>
    public static byte[]? RepairEscapes(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        byte[]? repaired = null;
        var i = 0;
        while (i < json.Length)
        {
            if (json[i] != (byte)'\\')
            {
                i++;
                continue;
            }

            if (CodeUnitAt(json, i) is not { } unit)
            {
                i += 2; // another escape (\\, \", \n, ...): its second byte is never the start of one
                continue;
            }

            if (char.IsHighSurrogate(unit) && CodeUnitAt(json, i + 6) is { } next && char.IsLowSurrogate(next))
            {
                i += 12;
                continue;
            }

            if (char.IsSurrogate(unit))
            {
                repaired ??= json.ToArray();
                "\\ufffd"u8.CopyTo(repaired.AsSpan(i));
            }

            i += 6;
        }

        return repaired;
    }

    private static char? CodeUnitAt(ReadOnlySpan<byte> json, int at)
    {
        if (at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u')
        {
            return null;
        }

        var value = 0;
        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = json[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => json[k] - '0',
                >= (byte)'a' and <= (byte)'f' => json[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => json[k] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return null;
            }

            value = (value * 16) + digit;
        }

        return (char)value;
    }

    /// <summary>The text with lone surrogates replaced, or null when it has none.</summary>
    public static string? Fix(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 || !HasLoneSurrogate(text))
        {
            return null;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
