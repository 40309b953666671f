using System.Globalization;
using System.Text.Json.Nodes;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>
/// JSON numbers that are always written with a decimal point (<c>0.0</c>, not <c>0</c>). A store types a new field by
/// its first value, so an idle first sample would make <c>system.cpu.iowait.pct</c> a long field (here and in
/// Elasticsearch's dynamic mapping) and every later 0.25 would be cut to 0.
/// </summary>
internal static class DoubleValue
{
    public static JsonNode Create(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "metrics are finite numbers");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.AsSpan().IndexOfAny('.', 'E') < 0)
        {
            text += ".0";
        }

        // A value parsed from text keeps that text when written, unlike one created from a double.
        return JsonNode.Parse(text)!;
    }
}
