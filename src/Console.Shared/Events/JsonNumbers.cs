using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Console.Shared.Events;

/// <summary>
/// Reads a JSON number whatever backs it: a value parsed from text holds a JsonElement, a value a parser created holds
/// the CLR number it was made from, and <see cref="JsonValue.TryGetValue{T}"/> only converts to that exact type.
/// </summary>
public static class JsonNumbers
{
    public static bool TryRead(JsonValue value, out double number, out bool integral)
    {
        integral = false;
        number = 0;
        if (value.TryGetValue(out JsonElement element))
        {
            if (element.ValueKind != JsonValueKind.Number)
            {
                return false;
            }

            if (element.TryGetInt64(out var whole))
            {
                number = whole;
                integral = true;
                return true;
            }

            number = element.GetDouble();
            return true;
        }

        switch (value.GetValue<object>())
        {
            case long l:
                (number, integral) = (l, true);
                return true;
            case int i:
                (number, integral) = (i, true);
                return true;
            case short s:
                (number, integral) = (s, true);
                return true;
            case byte b:
                (number, integral) = (b, true);
                return true;
            case uint u:
                (number, integral) = (u, true);
                return true;
            case ulong ul:
                (number, integral) = (ul, true);
                return true;
            case double d:
                number = d;
                return true;
            case float f:
                number = f;
                return true;
            case decimal m:
                number = (double)m;
                integral = decimal.Truncate(m) == m;
                return true;
            default:
                return value.GetValueKind() == JsonValueKind.Number &&
                    double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }
    }
}
