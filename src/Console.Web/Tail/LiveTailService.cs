using Console.Shared.Query.Limits;
using Microsoft.Extensions.Options;
using Console.Ingest.Tail;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Discover;
using Console.Web.Searching;

namespace Console.Web.Tail;

/// <summary>
/// Opens live tails for the tail page and the <c>/hubs/tail</c> hub. The search for the last events a tail starts with
/// counts against its caller's search budget (<see cref="SearchConcurrencyLimiter"/>) as Discover's searches do: it
/// waits in line for one of the caller's slots; the live events that follow are filtered in memory and take none.
/// </summary>
public sealed class LiveTailService(ILogStore store, LiveTailFeed feed, SearchConcurrencyLimiter limiter, TimeProvider clock, IOptions<QueryLimitsOptions>? limits = null)
{
    /// <summary>Stored events shown when a tail starts.</summary>
    public const int InitialEvents = 100;

    /// <param name="caller">Who the first search counts against (<see cref="SearchCaller"/>).</param>
    /// <exception cref="QuerySyntaxException">The query does not parse.</exception>
    /// <exception cref="StoreRequestException">The index pattern is not valid.</exception>
    /// <exception cref="SearchSlotTimeoutException">The caller's other searches held every slot for the whole query timeout.</exception>
    public async Task<LiveTailSession> OpenAsync(string? indexPattern, string? query, string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var pattern = string.IsNullOrWhiteSpace(indexPattern) ? DiscoverState.DefaultIndex : indexPattern.Trim();
        if (IndexNames.ValidatePattern(pattern) is { } patternError)
        {
            throw new StoreRequestException(patternError);
        }

        var fields = await store.GetFieldsAsync(pattern, cancellationToken);
        var parsed = LogQueryParser.Parse(query, new FieldTypeMap(fields), clock.GetUtcNow(), limits?.Value ?? LogQueryParser.DefaultLimits);

        // The slot first, so no live event is buffered while the search waits in line; resumed off the caller's
        // thread (a circuit's), as the embedded store searches synchronously.
        using var slot = await limiter.EnterAsync(caller, cancellationToken).ConfigureAwait(false);

        // Subscribe before the search, so nothing indexed in between is missed (the session drops the overlap).
        var subscription = feed.Subscribe();
        try
        {
            var recent = await store.SearchAsync(new SearchRequest(new LogQuery(pattern, query, null, null), InitialEvents), cancellationToken).ConfigureAwait(false);
            var initial = recent.Hits.Reverse().Select(h => new TailEvent(h.Index, h.Id, h.Timestamp, h.Source)).ToList();
            return new LiveTailSession(subscription, parsed, pattern, initial);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }
}
