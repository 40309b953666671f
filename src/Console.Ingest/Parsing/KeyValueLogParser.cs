using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;

namespace Console.Ingest.Parsing;

/// <summary>
/// Lines of <c>asctime [LEVEL] key=value ...</c> (THE_BOT's requests.log and audit.log): the prefix by grok
/// (DJANGO_KEYVALUE), the pairs by <see cref="KeyValueScanner"/> so a new key or a new order does not break parsing.
/// A value of <c>-</c> means "none" and sets nothing. The line is all structure, so <c>message</c> stays the raw line.
/// </summary>
internal abstract class KeyValueLogParser : GrokLogParser
{
    private readonly GrokField _level;
    private readonly GrokField _pairs;

    protected KeyValueLogParser(string name, string service, string dataset, GrokPatternLibrary patterns, TimeSpan matchTimeout)
        : base(name, service, dataset, patterns.Compile("%{DJANGO_KEYVALUE}", matchTimeout, [TimestampCapture, LevelCapture, "kv"]))
    {
        _level = Line.Field(LevelCapture);
        _pairs = Line.Field("kv");
    }

    protected override ParseOutcome Complete(string raw, Match match, JsonObject fields)
    {
        if (_pairs.TryGetSpan(match, out var text))
        {
            var pairs = new KeyValueScanner(text);
            while (pairs.MoveNext(out var key, out var value))
            {
                if (value is not ("-" or ""))
                {
                    Map(key, value, fields);
                }
            }
        }

        EventFields.SetLevel(fields, _level.TryGetSpan(match, out var level) ? LevelNames.Normalize(level) : LevelWithout(fields));
        return ParseOutcome.Parsed;
    }

    /// <summary>Writes one pair into the schema's field for it.</summary>
    protected abstract void Map(ReadOnlySpan<char> key, ReadOnlySpan<char> value, JsonObject fields);

    /// <summary>The level of a line that names none.</summary>
    protected abstract string LevelWithout(JsonObject fields);
}
