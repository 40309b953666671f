using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// Reads lines of Docker's json-file logging driver: <c>{"log":"text\n","stream":"stdout","time":"..."}</c>. Docker
/// splits lines longer than 16 KiB into parts whose <c>log</c> has no trailing newline; the caller joins them.
/// </summary>
internal static partial class DockerJsonLine
{
    public static bool TryParse(ReadOnlySpan<byte> json, out string log, out string? stream, out string? time)
    {
        log = "";
        stream = null;
        time = null;
        string? foundLog = null;
        try
        {
            // "\ud800" is valid JSON that GetString cannot read: kept as U+FFFD instead, as NDJSON does (see LoneSurrogates).
            var reader = LoneSurrogates.RepairEscapes(json) is { } repaired ? new Utf8JsonReader(repaired) : new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("log"u8))
                {
                    reader.Read();
                    foundLog = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("time"u8))
                {
                    reader.Read();
                    time = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip(); // attrs (labels) and anything a later Docker adds
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || foundLog is null)
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        log = foundLog;
        return true;
    }

    /// <summary>Docker writes RFC 3339 with nanoseconds; .NET parses at most 7 fraction digits.</summary>
    public static bool TryParseTime(string? time, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(time))
        {
            return false;
        }

        var dot = time.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var digitsEnd = dot + 1;
            while (digitsEnd < time.Length && char.IsAsciiDigit(time[digitsEnd]))
            {
                digitsEnd++;
            }

            if (digitsEnd - dot - 1 > 7)
            {
                time = string.Concat(time.AsSpan(0, dot + 8), time.AsSpan(digitsEnd));
            }
        }

        return DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>The container id from <c>/var/lib/docker/containers/&lt;id&gt;/&lt;id&gt;-json.log</c> (or a rotated <c>.1</c>).</summary>
    public static string? ContainerIdFromPath(string path)
    {
        var match = JsonLogFileName().Match(Path.GetFileName(path));
        if (match.Success)
        {
            return match.Groups["id"].Value;
        }

        var directory = Path.GetFileName(Path.GetDirectoryName(path));
        return directory is not null && ContainerId().IsMatch(directory) ? directory : null;
    }

    [GeneratedRegex(@"^(?<id>[0-9a-f]{12,64})-json\.log(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonLogFileName();

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerId();
}
