using System.Runtime.CompilerServices;
using Console.Ingest.Tail;
using Console.Shared.Events;
using Console.Shared.Query;

namespace Console.Web.Tail;

/// <summary>
/// One viewer's tail: the last events that matched when it started, then every newly accepted event that matches the
/// same query, decided by the same query engine as Discover (the parsed query, matched per event).
/// </summary>
public sealed class LiveTailSession : IDisposable
{
    private readonly LiveTailSubscription _subscription;
    private readonly Lucene.Net.Search.Query _query;
    private readonly string _indexPattern;
    private readonly EventMatcher _matcher = new();
    private readonly HashSet<string> _initialIds;

    internal LiveTailSession(LiveTailSubscription subscription, Lucene.Net.Search.Query query, string indexPattern, IReadOnlyList<TailEvent> initial)
    {
        _subscription = subscription;
        _query = query;
        _indexPattern = indexPattern;
        Initial = initial;
        _initialIds = initial.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The index pattern this tail follows, as validated when it started.</summary>
    public string IndexPattern => _indexPattern;

    /// <summary>The last matching events already stored when the tail started, oldest first.</summary>
    public IReadOnlyList<TailEvent> Initial { get; }

    /// <summary>Matching or not, events this viewer fell too far behind to be shown.</summary>
    public long Skipped => _subscription.Skipped;

    /// <summary>The matching events accepted from the start on, as they come.</summary>
    public async IAsyncEnumerable<TailEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var logEvent in _subscription.Events.ReadAllAsync(cancellationToken))
        {
            // An event indexed while the start searched is in both; show it once.
            if (IndexNames.MatchesPattern(logEvent.Index, _indexPattern) && !_initialIds.Contains(logEvent.Id) && _matcher.Matches(_query, logEvent))
            {
                yield return new TailEvent(logEvent.Index, logEvent.Id, logEvent.Timestamp, logEvent.Source);
            }
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _matcher.Dispose();
    }
}
