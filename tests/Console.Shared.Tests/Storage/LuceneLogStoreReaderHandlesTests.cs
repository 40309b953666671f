using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// Searches leave nothing behind in the indices' readers: Lucene.Net keeps what its MultiReader and MMapDirectory register
/// in tables whose GC handles were never freed, and every garbage collection scanned them (a search took twice as long
/// after a minute of searching).
/// </summary>
public sealed class LuceneLogStoreReaderHandlesTests : IDisposable
{
    private readonly StoreBuilder _builder = new();

    public void Dispose() => _builder.Dispose();

    [Fact]
    public async Task Searching_many_times_over_two_days_registers_nothing_with_their_readers()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-22T10:00:00Z","message":"one","request_id":"r1"}""",
            """{"@timestamp":"2026-11-23T10:00:00Z","message":"two","request_id":"r2"}""",
        ]);
        await store.RefreshAsync();

        for (var i = 0; i < 30; i++)
        {
            var result = await store.SearchAsync(new SearchRequest(new LogQuery("thebot-logs-*", "request_id:r1 OR request_id:r2", null, null), Size: 10));
            Assert.Equal(2, result.Total);
        }

        foreach (var name in new[] { "thebot-logs-2026.11.22", "thebot-logs-2026.11.23" })
        {
            var index = store.Open(name)!;
            Assert.IsType<UntrackedMMapDirectory>(index.Writer.Directory);
            var searcher = index.Searchers.Acquire();
            try
            {
                Assert.Equal(0, LuceneRegistrations.ParentsOf(searcher.IndexReader));
            }
            finally
            {
                index.Searchers.Release(searcher);
            }
        }
    }
}
