using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Query.Limits;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Transforms;

/// <summary>Drops events that match any configured Lucene query; the queries are parsed once at start.</summary>
public sealed class DropQueryFilter : IEventFilter, IDisposable
{
    private readonly EventMatcher _matcher = new();
    private readonly List<Lucene.Net.Search.Query> _queries;

    public DropQueryFilter(IOptions<TransformOptions> options, TimeProvider clock)
    {
        // Date math in a drop query would freeze at start; the schema's types are all a filter needs.
        _queries = options.Value.DropQueries.Select(q => LogQueryParser.Parse(q, NoDynamicFields.Instance, clock.GetUtcNow(), Limits)).ToList();
    }

    /// <summary>
    /// A drop query is matched against one event at a time, never against an index's terms, so a leading wildcard costs
    /// nothing there; the regular expression bounds still hold, as its automaton is built all the same.
    /// </summary>
    internal static QueryLimitsOptions Limits { get; } = new() { LeadingWildcard = LeadingWildcardPolicy.Allowed };

    public string Name => "drop-query";

    public bool ShouldDrop(LogEvent logEvent)
    {
        foreach (var query in _queries)
        {
            if (_matcher.Matches(query, logEvent))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _matcher.Dispose();

    private sealed class NoDynamicFields : IFieldTypes
    {
        public static NoDynamicFields Instance { get; } = new();

        public FieldType? TypeOf(string field) => null;
    }
}
