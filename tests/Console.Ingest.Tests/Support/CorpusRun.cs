using System.Text.Json.Nodes;
using Console.Ingest.Parsing;

namespace Console.Ingest.Tests.Support;

/// <summary>A parser run over every event of a corpus file: what parsed, and the raw events that did not (shown when a test fails).</summary>
public sealed class CorpusRun
{
    private CorpusRun(List<JsonObject> parsed, List<string> failed)
    {
        Parsed = parsed;
        Failed = failed;
    }

    public IReadOnlyList<JsonObject> Parsed { get; }

    public IReadOnlyList<string> Failed { get; }

    public static CorpusRun Of(ILogParser parser, IEnumerable<string> events)
    {
        var parsed = new List<JsonObject>();
        var failed = new List<string>();
        foreach (var raw in events)
        {
            var fields = parser.Parse(raw, out var outcome);
            if (outcome == ParseOutcome.Parsed)
            {
                parsed.Add(fields);
            }
            else
            {
                failed.Add(raw);
            }
        }

        return new CorpusRun(parsed, failed);
    }

    /// <summary>Every physical line is one event (formats without continuation lines).</summary>
    public static CorpusRun OfLines(ILogParser parser, string relative) => Of(parser, File.ReadLines(Corpus.PathOf(relative)));

    /// <summary>Parsed events counted by a key; events without one are left out.</summary>
    public Dictionary<string, long> CountBy(Func<JsonObject, string?> key) =>
        Parsed.Select(key).OfType<string>().GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    public long Count(Func<JsonObject, bool> predicate) => Parsed.Count(predicate);
}
