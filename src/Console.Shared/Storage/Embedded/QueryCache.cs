using Console.Shared.Query;
using Console.Shared.Query.Limits;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The documents of repeated queries, per segment: what Elasticsearch's node query cache and Lucene-Java's default
/// <c>LRUQueryCache</c> with its usage-tracking policy keep. Every search of the store is in filter context (hits are
/// sorted by time, never scored), and the same queries come back: Discover's refresh, its hits, histogram and field
/// values of one query, dashboard panels, alert rules every minute. A query is kept once it has been seen often enough
/// among the last <see cref="HistorySize"/> searches — twice for a costly one (a range or pattern over many terms), four
/// times for a boolean one, five for a phrase — and never when it is one term or every event (the index answers those
/// directly). Only Lucene's own query types are kept (the store's own ones cache themselves or answer from doc values),
/// and only in segments of <see cref="MinSegmentDocs"/> events or more, which live long; the newest small segments of
/// live data are matched each time.
/// </summary>
/// <remarks>
/// A segment never changes, so its kept matches stay right for its whole life; deletions are applied per search, and a
/// merged or closed segment takes its entries with it (held weakly by the segment's core). Bounded by
/// <see cref="Capacity"/> queries and <see cref="MaxBytes"/>, least recently used out first.
/// </remarks>
internal sealed class QueryCache
{
    internal const int HistorySize = 256;
    internal const int Capacity = 256;
    internal const long MaxBytes = 32L * 1024 * 1024;
    internal const int MinSegmentDocs = 10_000;

    private readonly Lock _gate = new();
    private readonly LuceneQuery?[] _history = new LuceneQuery?[HistorySize];
    private readonly Dictionary<LuceneQuery, int> _uses = [];
    private readonly Dictionary<LuceneQuery, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private int _next;

    /// <summary>How many queries are kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// <paramref name="query"/> as it should run: over its kept matches when it is kept (or is now seen often enough to
    /// be), else itself.
    /// </summary>
    public LuceneQuery Use(LuceneQuery query)
    {
        var needed = UsesBeforeCaching(query);
        if (needed is null)
        {
            return query;
        }

        lock (_gate)
        {
            if (_entries.TryGetValue(query, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return Cached(node.Value.Matches);
            }

            if (Record(query) < needed)
            {
                return query;
            }

            node = _recency.AddFirst(new Entry(query, new KeptMatches(new QueryWrapperFilter(query))));
            _entries[query] = node;
            Evict();
            return Cached(node.Value.Matches);
        }
    }

    /// <summary>Uses of a query before it is kept, or null when it is never kept.</summary>
    internal static int? UsesBeforeCaching(LuceneQuery query)
    {
        if (!IsLuceneOwn(query))
        {
            return null;
        }

        return query switch
        {
            TermQuery or MatchAllDocsQuery => null,
            BooleanQuery boolean when boolean.Clauses.Count == 1 && boolean.Clauses[0].Occur != Occur.MUST_NOT => UsesBeforeCaching(boolean.Clauses[0].Query),
            MultiTermQuery => 2,
            BooleanQuery => 4,
            _ => 5,
        };
    }

    /// <summary>Whether the query and every clause in it is one of Lucene's own types, compared by value (its Equals).</summary>
    private static bool IsLuceneOwn(LuceneQuery query) => query switch
    {
        BooleanQuery boolean => query.GetType() == typeof(BooleanQuery) && boolean.Clauses.All(c => IsLuceneOwn(c.Query)),
        _ => query.GetType().Assembly == typeof(LuceneQuery).Assembly && query is not (ConstantScoreQuery or FilteredQuery),
    };

    private static ConstantScoreQuery Cached(KeptMatches matches) => new(matches);

    /// <summary>Adds a use of <paramref name="query"/> to the history; its uses among the last <see cref="HistorySize"/>.</summary>
    private int Record(LuceneQuery query)
    {
        if (_history[_next] is { } oldest && --_uses[oldest] == 0)
        {
            _uses.Remove(oldest);
        }

        _history[_next] = query;
        _next = (_next + 1) % HistorySize;
        _uses[query] = _uses.GetValueOrDefault(query) + 1;
        return _uses[query];
    }

    private void Evict()
    {
        while (_entries.Count > Capacity)
        {
            RemoveOldest();
        }

        var bytes = _recency.Sum(entry => entry.Matches.Bytes);
        while (bytes > MaxBytes && _recency.Last is { } oldest && oldest != _recency.First)
        {
            bytes -= oldest.Value.Matches.Bytes;
            RemoveOldest();
        }
    }

    private void RemoveOldest()
    {
        var oldest = _recency.Last!;
        _recency.RemoveLast();
        _entries.Remove(oldest.Value.Query);
    }

    private sealed record Entry(LuceneQuery Query, KeptMatches Matches);

    /// <summary>The matches of one query, kept per segment of <see cref="MinSegmentDocs"/> events or more.</summary>
    private sealed class KeptMatches(Filter filter) : MeasuredCachingFilter(filter)
    {
        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs) =>
            context.AtomicReader.MaxDoc < MinSegmentDocs ? Filter.GetDocIdSet(context, acceptDocs) : base.GetDocIdSet(context, acceptDocs);

        // Matching a segment to keep it runs outside the searcher's collection, so it checks the search's time itself.
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader) => base.CacheImpl(new CancellingIterator(iterator), reader);
    }

    /// <summary>Checks the running search's cancellation every few thousand documents.</summary>
    private sealed class CancellingIterator(DocIdSetIterator input) : DocIdSetIterator
    {
        private const int CheckInterval = 4096;
        private int _steps;

        public override int DocID => input.DocID;

        public override int NextDoc()
        {
            Step();
            return input.NextDoc();
        }

        public override int Advance(int target)
        {
            Step();
            return input.Advance(target);
        }

        public override long GetCost() => input.GetCost();

        private void Step()
        {
            if (++_steps % CheckInterval == 0)
            {
                QueryCancellation.ThrowIfCancelled();
            }
        }
    }
}
