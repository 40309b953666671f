using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Ingest.Sources.Syslog;

namespace Console.Ingest.Parsing;

/// <summary>
/// For syslog files (<c>/var/log/syslog</c>, rsyslog's RFC 5424 file format): the same parser as the syslog receiver,
/// applied to a line read from a file.
/// </summary>
internal sealed class SyslogLineParser(SyslogMessageParser parser) : ILogParser
{
    public const string ParserName = "syslog";

    public string Name => ParserName;

    public ParseOutcome Parse(JsonObject fields)
    {
        if (fields["message"] is not JsonValue message || !message.TryGetValue(out string? line))
        {
            return ParseOutcome.Failed;
        }

        var parsed = parser.Parse(line);
        var failed = parsed["tags"] is JsonArray tags && tags.Any(t => t?.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == SyslogMessageParser.FailureTag);
        if (failed)
        {
            return ParseOutcome.Failed;
        }

        foreach (var (key, value) in parsed.ToList())
        {
            parsed.Remove(key);
            if (key != "log")
            {
                fields[key] = value;
            }
        }

        return ParseOutcome.Parsed;
    }
}
