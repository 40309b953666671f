using System.Globalization;
using System.Text.Json.Nodes;

namespace Console.Ingest.Sources.Otlp;

internal static class OtlpValues
{
    /// <summary>JSON has no NaN or infinity; those are kept as their names rather than failing the record.</summary>
    public static JsonNode FromDouble(double value) => double.IsFinite(value)
        ? JsonValue.Create(value)
        : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));
}
