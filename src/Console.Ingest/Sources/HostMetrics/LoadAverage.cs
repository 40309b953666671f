using System.Globalization;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>The 1, 5 and 15 minute load averages of <c>/proc/loadavg</c>.</summary>
internal sealed record LoadAverage(double One, double Five, double Fifteen)
{
    public static LoadAverage Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            throw new FormatException($"{parts.Length} values, at least 3 expected");
        }

        static double Number(string s) => double.Parse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return new LoadAverage(Number(parts[0]), Number(parts[1]), Number(parts[2]));
    }
}
