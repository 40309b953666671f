using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;
using Console.Shared.Events;

namespace Console.Ingest.Parsing;

/// <summary>
/// The shape every built-in parser shares: match <c>message</c> with one line expression, write its captures, convert
/// the <c>timestamp</c> capture to <c>@timestamp</c>, let the format add what only it knows, stamp service and dataset.
/// An event that does not match keeps its message and is tagged <c>_grokparsefailure</c> (or <c>_groktimeout</c>).
/// </summary>
internal abstract class GrokLogParser : ILogParser
{
    protected const string TimestampCapture = "timestamp";
    protected const string LevelCapture = "level";

    private readonly string _service;
    private readonly string _dataset;
    private readonly GrokField _timestamp;

    protected GrokLogParser(string name, string service, string dataset, GrokExpression line)
    {
        Name = name;
        _service = service;
        _dataset = dataset;
        Line = line;
        _timestamp = line.Field(TimestampCapture);
    }

    public string Name { get; }

    protected GrokExpression Line { get; }

    public ParseOutcome Parse(JsonObject fields)
    {
        if (!EventFields.TryGetString(fields, LogSchema.Message, out var raw))
        {
            return EventFields.Fail(fields, ParseOutcome.Failed);
        }

        var outcome = Line.Match(raw, out var match);
        if (outcome != ParseOutcome.Parsed)
        {
            return EventFields.Fail(fields, outcome);
        }

        Line.Apply(match, fields);
        var hasTime = _timestamp.TryGetSpan(match, out var time);
        if (hasTime && TryParseTime(time, out var timestamp))
        {
            EventFields.SetTimestamp(fields, timestamp);
        }
        else if (hasTime || !TimeIsOptional)
        {
            // Like Logstash's date filter: the event is kept (stamped on arrival by the normaliser) and tagged.
            EventFields.AddTag(fields, EventFields.DateFailureTag);
        }

        outcome = Complete(raw, match, fields);
        EventFields.SetOrigin(fields, _service, _dataset);
        return outcome;
    }

    /// <summary>True when a line may come without a time, keeping the event's own (a syslog header's); a time that is there but unreadable is still tagged.</summary>
    protected virtual bool TimeIsOptional => false;

    /// <summary>Adds what only this format knows (level, derived fields, sub-patterns of the message).</summary>
    protected abstract ParseOutcome Complete(string raw, Match match, JsonObject fields);

    protected virtual bool TryParseTime(ReadOnlySpan<char> text, out DateTimeOffset timestamp) => LogTimestamps.TryParseIso(text, out timestamp);

    /// <summary>Normalises a captured level (WARN, warning, crit, ...) to the five names.</summary>
    protected static void SetLevel(JsonObject fields, GrokField level, Match match, string fallback = LogLevels.Info) =>
        EventFields.SetLevel(fields, level.TryGetSpan(match, out var text) ? LevelNames.Normalize(text) : fallback);

    /// <summary>Runs a sub-expression over a capture's text (no copy) and writes its captures when it matches.</summary>
    protected static ParseOutcome ApplyWithin(GrokExpression expression, string raw, Group? part, JsonObject fields, out Match match)
    {
        match = Match.Empty;
        if (part is null)
        {
            return ParseOutcome.Failed;
        }

        var outcome = expression.Match(raw, part.Index, part.Length, out match);
        if (outcome == ParseOutcome.Parsed)
        {
            expression.Apply(match, fields);
        }

        return outcome;
    }
}
