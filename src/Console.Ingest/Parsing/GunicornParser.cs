using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;

namespace Console.Ingest.Parsing;

/// <summary>gunicorn's error log: <c>[2026-11-23 23:14:44 +0000] [23687] [INFO] Starting gunicorn 20.1.0</c>; a worker's traceback may follow.</summary>
internal sealed class GunicornParser : GrokLogParser
{
    public const string ParserName = "gunicorn";

    private readonly GrokField _level;
    private readonly GrokField _message;
    private readonly PythonTraceback _traceback;

    public GunicornParser(GrokPatternLibrary patterns, TimeSpan matchTimeout)
        : base(ParserName, "gunicorn", "gunicorn.error", patterns.Compile("%{GUNICORN_ERROR}", matchTimeout, [TimestampCapture, LevelCapture]))
    {
        _level = Line.Field(LevelCapture);
        _message = Line.Field("message");
        _traceback = new PythonTraceback(patterns, matchTimeout);
    }

    protected override ParseOutcome Complete(string raw, Match match, JsonObject fields)
    {
        SetLevel(fields, _level, match);
        return _traceback.Apply(raw, _message.Group(match), fields);
    }
}
