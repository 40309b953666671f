using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// Search-idle indices (Elasticsearch's <c>index.search.idle.after</c>): the scheduled refresh skips an index nobody has
/// searched lately, and a search of it refreshes it first, so no search misses an event indexed before it.
/// </summary>
public sealed class LuceneLogStoreSearchIdleTests : IDisposable
{
    private const string Index = "thebot-logs-2026.11.23";
    private static readonly LogQuery AllOfThatDay = new("thebot-logs-*", null, null, null);
    private readonly StoreBuilder _builder = new();

    [Fact]
    public async Task The_scheduled_refresh_skips_an_index_never_searched_and_its_first_search_still_sees_every_event()
    {
        var store = _builder.Open();
        await store.IndexAsync(Events(0, 100));

        await store.RefreshSearchedAsync();

        Assert.Equal(0, store.SegmentCount(Index)); // still the searcher of the empty index: nothing was flushed
        Assert.Equal(100, await store.CountAsync(AllOfThatDay));
        Assert.Equal(1, store.SegmentCount(Index));
    }

    [Fact]
    public async Task A_searched_index_is_refreshed_on_schedule_until_it_has_not_been_searched_for_the_idle_time()
    {
        var store = _builder.Open(options => options.SearchIdleAfter = TimeSpan.FromSeconds(30));
        await store.IndexAsync(Events(0, 100));
        Assert.Equal(100, await store.CountAsync(AllOfThatDay));

        await store.IndexAsync(Events(100, 100));
        _builder.Clock.Skipped = TimeSpan.FromSeconds(29);
        await store.RefreshSearchedAsync();
        Assert.Equal(2, store.SegmentCount(Index));

        await store.IndexAsync(Events(200, 100));
        _builder.Clock.Skipped = TimeSpan.FromSeconds(30);
        await store.RefreshSearchedAsync();
        Assert.Equal(2, store.SegmentCount(Index));
        Assert.Equal(300, await store.CountAsync(AllOfThatDay));
    }

    [Fact]
    public async Task With_no_idle_time_set_every_index_is_refreshed_on_schedule()
    {
        var store = _builder.Open(options => options.SearchIdleAfter = TimeSpan.Zero);
        await store.IndexAsync(Events(0, 100));

        await store.RefreshSearchedAsync();

        Assert.Equal(1, store.SegmentCount(Index));
    }

    public void Dispose() => _builder.Dispose();

    private List<Console.Shared.Events.LogEvent> Events(int first, int count) =>
        Enumerable.Range(first, count)
            .Select(i => _builder.Event($$"""{"@timestamp":"2026-11-23T10:00:{{i % 60:D2}}Z","message":"event {{i}}"}"""))
            .ToList();
}
