using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;

namespace Console.Ingest.Parsing;

/// <summary>
/// The part of a Python log record after its first line: the rest of a multi-line message and, from
/// <c>Traceback (most recent call last):</c> on, the stack trace, whose final exception (the last one when causes are
/// chained) gives <c>error.type</c> and <c>error.message</c>. Used by the django, celery and gunicorn parsers.
/// </summary>
internal sealed class PythonTraceback(GrokPatternLibrary patterns, TimeSpan matchTimeout)
{
    private const string Header = "\nTraceback (most recent call last):";

    private readonly GrokExpression _finalException = patterns.Compile("%{PYTHON_TRACEBACK}", matchTimeout);

    /// <summary>
    /// When the event has more lines than the first, makes <c>message</c> the whole message part (first line's message to
    /// the traceback) and adds <c>error.stack_trace</c>, <c>error.type</c>, <c>error.message</c>.
    /// </summary>
    /// <param name="message">The first line's message capture.</param>
    public ParseOutcome Apply(string raw, Group? message, JsonObject fields)
    {
        var lineEnd = message is null ? raw.IndexOf('\n', StringComparison.Ordinal) : message.Index + message.Length;
        if (lineEnd < 0 || lineEnd >= raw.Length)
        {
            return ParseOutcome.Parsed;
        }

        var header = raw.IndexOf(Header, lineEnd, StringComparison.Ordinal);
        if (message is not null)
        {
            var messageEnd = header < 0 ? raw.Length : header;
            fields["message"] = raw.AsSpan(message.Index, messageEnd - message.Index).TrimEnd().ToString();
        }

        if (header < 0)
        {
            return ParseOutcome.Parsed;
        }

        var traceStart = header + 1;
        EventFields.Set(fields, "error", "stack_trace", raw.AsSpan(traceStart).TrimEnd().ToString());
        var outcome = _finalException.Match(raw, traceStart, raw.Length - traceStart, out var match);
        if (outcome == ParseOutcome.Parsed)
        {
            _finalException.Apply(match, fields);
        }

        // A traceback cut short (no final exception line) still leaves a parsed record.
        return outcome == ParseOutcome.TimedOut ? EventFields.Fail(fields, outcome) : ParseOutcome.Parsed;
    }
}
