using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;

namespace Console.Ingest.Parsing;

/// <summary>
/// Django's text log (<c>'%(asctime)s %(levelname)s %(name)s %(process)d %(message)s'</c>). An event may be a whole
/// multi-line record (the tailer joins continuation lines): the message part then runs to the traceback, and the
/// traceback's final exception gives <c>error.type</c>. Request lines of thebot.http and django.request also give http.*.
/// </summary>
internal sealed class DjangoParser : GrokLogParser
{
    public const string ParserName = "django";

    private readonly GrokField _level;
    private readonly GrokField _message;
    private readonly GrokExpression _httpMessage;
    private readonly PythonTraceback _traceback;

    public DjangoParser(GrokPatternLibrary patterns, TimeSpan matchTimeout)
        : base(ParserName, "django-backend", "django.log", patterns.Compile("%{DJANGO_LOG}", matchTimeout, [TimestampCapture, LevelCapture]))
    {
        _level = Line.Field(LevelCapture);
        _message = Line.Field("message");
        _httpMessage = patterns.Compile("%{DJANGO_HTTP_MESSAGE}", matchTimeout);
        _traceback = new PythonTraceback(patterns, matchTimeout);
    }

    protected override ParseOutcome Complete(string raw, Match match, JsonObject fields)
    {
        SetLevel(fields, _level, match);
        var message = _message.Group(match);
        var outcome = ApplyWithin(_httpMessage, raw, message, fields, out _);
        if (outcome == ParseOutcome.TimedOut)
        {
            return EventFields.Fail(fields, outcome);
        }

        if (outcome == ParseOutcome.Parsed)
        {
            EventFields.SetPathFromUrl(fields);
        }

        return _traceback.Apply(raw, message, fields);
    }
}
