using System.Text.Json.Nodes;
using Console.Ingest.Parsing.Grok;
using Console.Shared.Events;

namespace Console.Ingest.Parsing;

/// <summary>
/// A parser made of configured grok expressions, tried in order until one matches (Logstash's
/// <c>match => { "message" => [...] }</c> with break_on_match). Captures are written as named; a <c>timestamp</c> capture
/// becomes <c>@timestamp</c> (syslog's year-less dates get the year from the clock) and a <c>level</c> or
/// <c>log_level</c> capture becomes the normalised <c>log_level</c>, so no separate date filter is needed.
/// </summary>
public sealed class GrokParser : ILogParser
{
    private static readonly string[] CallerFields = ["timestamp", "@timestamp", "level", "log_level"];

    private readonly Candidate[] _candidates;
    private readonly string _field;
    private readonly string? _service;
    private readonly TimeProvider _clock;

    /// <exception cref="GrokPatternException">An expression that does not compile, naming the pattern at fault.</exception>
    public GrokParser(string name, GrokParserDefinition definition, GrokPatternLibrary patterns, TimeSpan matchTimeout, TimeProvider clock)
    {
        Name = name;
        _field = definition.Field;
        _service = definition.Service;
        _clock = clock;
        _candidates = definition.Match.Select(expression => new Candidate(patterns.Compile(expression, matchTimeout, CallerFields))).ToArray();
    }

    public string Name { get; }

    public ParseOutcome Parse(JsonObject fields)
    {
        if (!EventFields.TryGetString(fields, _field, out var text))
        {
            return EventFields.Fail(fields, ParseOutcome.Failed);
        }

        foreach (var candidate in _candidates)
        {
            var outcome = candidate.Expression.Match(text, out var match);
            if (outcome == ParseOutcome.Failed)
            {
                continue;
            }

            if (outcome == ParseOutcome.TimedOut)
            {
                // As Logstash does: a pattern that runs out of time ends the attempt, later patterns are not tried.
                return EventFields.Fail(fields, outcome);
            }

            candidate.Expression.Apply(match, fields);
            if (candidate.Timestamp.Value(match) is { Length: > 0 } time)
            {
                if (LogTimestamps.TryParseAny(time, _clock.GetUtcNow(), out var timestamp))
                {
                    EventFields.SetTimestamp(fields, timestamp);
                }
                else
                {
                    fields["timestamp"] = time;
                    EventFields.AddTag(fields, EventFields.DateFailureTag);
                }
            }

            if (candidate.Level.TryGetSpan(match, out var level) && !level.IsEmpty)
            {
                EventFields.SetLevel(fields, LevelNames.Normalize(level));
            }

            if (_service is not null)
            {
                EventFields.SetIfAbsent(fields, LogSchema.Service, _service);
            }

            return ParseOutcome.Parsed;
        }

        return EventFields.Fail(fields, ParseOutcome.Failed);
    }

    private sealed class Candidate(GrokExpression expression)
    {
        public GrokExpression Expression { get; } = expression;

        public GrokField Timestamp { get; } = FirstOf(expression, "timestamp", "@timestamp");

        public GrokField Level { get; } = FirstOf(expression, "level", "log_level");

        private static GrokField FirstOf(GrokExpression expression, string name, string alias) =>
            expression.HasField(name) ? expression.Field(name) : expression.HasField(alias) ? expression.Field(alias) : default;
    }
}
