using System.Text.Json.Nodes;

namespace Console.Ingest.Parsing;

/// <summary>
/// Turns the raw text of an event into fields, in place. Reads <c>message</c> (or whatever it documents), adds the
/// fields it extracts (<c>@timestamp</c>, <c>log_level</c>, <c>http.status_code</c>, ...). A parser never throws for bad
/// input: it returns <see cref="ParseOutcome.Failed"/> (or <see cref="ParseOutcome.TimedOut"/>) and leaves the raw
/// message in place, so the event is kept and tagged.
/// </summary>
public interface ILogParser
{
    /// <summary>The name sources and the pipeline file refer to (<c>nginx-access</c>, <c>django</c>, <c>postgresql</c>).</summary>
    string Name { get; }

    ParseOutcome Parse(JsonObject fields);
}
