using Console.Shared.Events;

namespace Console.Ingest.Sources.Otlp;

/// <summary>OTLP's SeverityNumber ranges (1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL) on the schema's five levels.</summary>
internal static class OtlpSeverity
{
    private static readonly string[] Names = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

    public static string? ToLevel(int severityNumber, string? severityText) => severityNumber switch
    {
        >= 1 and <= 8 => LogLevels.Debug,
        >= 9 and <= 12 => LogLevels.Info,
        >= 13 and <= 16 => LogLevels.Warning,
        >= 17 and <= 20 => LogLevels.Error,
        >= 21 and <= 24 => LogLevels.Critical,
        _ when !string.IsNullOrWhiteSpace(severityText) => LogLevels.Normalize(severityText),
        _ => null,
    };

    /// <summary>The number of an enum name without its prefix: <c>INFO</c> → 9, <c>WARN3</c> → 15, <c>UNSPECIFIED</c> → 0.</summary>
    public static int? FromName(string name)
    {
        if (name == "UNSPECIFIED")
        {
            return 0;
        }

        for (var i = 0; i < Names.Length; i++)
        {
            if (!name.StartsWith(Names[i], StringComparison.Ordinal))
            {
                continue;
            }

            var rest = name[Names[i].Length..];
            if (rest.Length == 0)
            {
                return i * 4 + 1;
            }

            if (rest is "2" or "3" or "4")
            {
                return i * 4 + (rest[0] - '0');
            }
        }

        return null;
    }
}
