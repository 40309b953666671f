using System.Text.Json.Nodes;

namespace Console.Ingest.Parsing;

/// <summary>
/// Tries several parsers in order and keeps the first that matches (named <c>nginx-access|nginx-error</c> in
/// settings): nginx sends its access and its error log to syslog under the same program name, and a file may mix two
/// formats. The failure tags of the alternatives that did not match are taken back, so a matched event carries none and
/// an event no alternative matched carries the last one's.
/// </summary>
/// <remarks>The built-in parsers change nothing but <c>tags</c> when their line does not match, which this relies on.</remarks>
internal sealed class FirstMatchParser(string name, IReadOnlyList<ILogParser> alternatives) : ILogParser
{
    public const char Separator = '|';

    public string Name => name;

    public IReadOnlyList<ILogParser> Alternatives => alternatives;

    public ParseOutcome Parse(JsonObject fields)
    {
        var outcome = ParseOutcome.Failed;
        for (var i = 0; i < alternatives.Count; i++)
        {
            var tagsBefore = fields["tags"] is JsonArray tags ? tags.Count : -1;
            outcome = alternatives[i].Parse(fields);
            if (outcome == ParseOutcome.Parsed || i == alternatives.Count - 1)
            {
                return outcome;
            }

            RestoreTags(fields, tagsBefore);
        }

        return outcome;
    }

    private static void RestoreTags(JsonObject fields, int countBefore)
    {
        if (fields["tags"] is not JsonArray tags)
        {
            return;
        }

        if (countBefore < 0)
        {
            fields.Remove("tags");
            return;
        }

        while (tags.Count > countBefore)
        {
            tags.RemoveAt(tags.Count - 1);
        }
    }
}
