using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;

namespace Console.Ingest.Parsing;

/// <summary>
/// nginx's error_log: <c>2026/11/23 23:14:47 [error] 23697#23697: *723 message, client: ..., request: "..."</c>.
/// The message part goes to <c>message</c>; the request context nginx appends fills client.ip, http.*, url.domain.
/// Levels: error ERROR, warn WARNING, notice/info INFO, crit/alert/emerg CRITICAL.
/// </summary>
internal sealed class NginxErrorParser : GrokLogParser
{
    public const string ParserName = "nginx-error";

    private readonly GrokField _level;
    private readonly GrokField _message;
    private readonly GrokExpression _context;

    public NginxErrorParser(GrokPatternLibrary patterns, TimeSpan matchTimeout)
        : base(ParserName, "nginx", "nginx.error", patterns.Compile("%{NGINX_ERROR}", matchTimeout, [TimestampCapture, LevelCapture]))
    {
        _level = Line.Field(LevelCapture);
        _message = Line.Field("message");
        _context = patterns.Compile("%{NGINX_ERROR_CONTEXT}", matchTimeout);
    }

    protected override ParseOutcome Complete(string raw, Match match, JsonObject fields)
    {
        SetLevel(fields, _level, match);
        if (_message.Group(match) is { } message && raw.AsSpan(message.Index, message.Length).IndexOf(", client: ", StringComparison.Ordinal) >= 0)
        {
            var outcome = ApplyWithin(_context, raw, message, fields, out _);
            if (outcome == ParseOutcome.TimedOut)
            {
                return EventFields.Fail(fields, outcome);
            }

            EventFields.SetPathFromUrl(fields);
        }

        return ParseOutcome.Parsed;
    }
}
