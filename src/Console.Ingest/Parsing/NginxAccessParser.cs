using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;

namespace Console.Ingest.Parsing;

/// <summary>
/// nginx (or Apache) 'combined' access lines, and the platform's 'timed' variant with rt=, uct=, uht=, urt=, rid=.
/// The line has no message part, so <c>message</c> stays the raw line. Level from the status: 5xx ERROR, 4xx WARNING.
/// </summary>
internal sealed class NginxAccessParser : GrokLogParser
{
    public const string ParserName = "nginx-access";

    private readonly GrokField _status;
    private readonly GrokField _requestTime;

    public NginxAccessParser(GrokPatternLibrary patterns, TimeSpan matchTimeout)
        : base(ParserName, "nginx", "nginx.access", patterns.Compile("%{NGINX_ACCESS}", matchTimeout, [TimestampCapture, "request_time"]))
    {
        _status = Line.Field("http.status_code");
        _requestTime = Line.Field("request_time");
    }

    protected override bool TryParseTime(ReadOnlySpan<char> text, out DateTimeOffset timestamp) => LogTimestamps.TryParseHttpDate(text, out timestamp);

    protected override ParseOutcome Complete(string raw, Match match, JsonObject fields)
    {
        var status = _status.TryGetSpan(match, out var code) && int.TryParse(code, CultureInfo.InvariantCulture, out var number) ? number : 0;
        EventFields.SetLevel(fields, LevelNames.FromStatus(status));
        if (_requestTime.TryGetSpan(match, out var time) && double.TryParse(time, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            // $request_time is seconds with millisecond resolution; rounding drops binary noise like 57.000000000001.
            fields["duration_ms"] = Math.Round(seconds * 1000, 3);
        }

        EventFields.SetPathFromUrl(fields);
        return ParseOutcome.Parsed;
    }
}
