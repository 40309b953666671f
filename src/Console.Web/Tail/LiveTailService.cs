using Console.Shared.Query.Limits;
using Microsoft.Extensions.Options;
using Console.Ingest.Tail;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Discover;

namespace Console.Web.Tail;

/// <summary>Opens live tails for the tail page and the <c>/hubs/tail</c> hub.</summary>
public sealed class LiveTailService(ILogStore store, LiveTailFeed feed, TimeProvider clock, IOptions<QueryLimitsOptions>? limits = null)
{
    /// <summary>Stored events shown when a tail starts.</summary>
    public const int InitialEvents = 100;

    /// <exception cref="QuerySyntaxException">The query does not parse.</exception>
    /// <exception cref="StoreRequestException">The index pattern is not valid.</exception>
    public async Task<LiveTailSession> OpenAsync(string? indexPattern, string? query, CancellationToken cancellationToken)
    {
        var pattern = string.IsNullOrWhiteSpace(indexPattern) ? DiscoverState.DefaultIndex : indexPattern.Trim();
        if (IndexNames.ValidatePattern(pattern) is { } patternError)
        {
            throw new StoreRequestException(patternError);
        }

        var fields = await store.GetFieldsAsync(pattern, cancellationToken);
        var parsed = LogQueryParser.Parse(query, new FieldTypeMap(fields), clock.GetUtcNow(), limits?.Value ?? LogQueryParser.DefaultLimits);

        // Subscribe before the search, so nothing indexed in between is missed (the session drops the overlap).
        var subscription = feed.Subscribe();
        try
        {
            var recent = await store.SearchAsync(new SearchRequest(new LogQuery(pattern, query, null, null), InitialEvents), cancellationToken);
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
