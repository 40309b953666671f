using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>How a big batch is spread over the indexing threads: by index, so each index is written by one thread.</summary>
public class LuceneLogStoreBatchSplitTests : IDisposable
{
    private const int BigBatch = 6_000; // above the size from which a batch is written by several threads

    private readonly StoreBuilder _builder = new();

    public void Dispose() => _builder.Dispose();

    [Fact]
    public async Task A_big_batch_becomes_one_segment_per_index()
    {
        // Two threads on one index gave it two in-memory segments, so each refresh flushed (and merges folded again) two.
        var store = _builder.Open();
        var events = Enumerable.Range(0, BigBatch)
            .Select(i => _builder.Event($$"""{"@timestamp":"2026-11-{{22 + (i % 2)}}T10:00:00Z","message":"event {{i}}"}"""))
            .ToList();

        await store.IndexAsync(events);
        await store.RefreshAsync();

        Assert.Equal(BigBatch, await store.CountAsync(new LogQuery("thebot-logs-*", null, null, null)));
        Assert.Equal(1, store.SegmentCount("thebot-logs-2026.11.22"));
        Assert.Equal(1, store.SegmentCount("thebot-logs-2026.11.23"));
    }

    [Theory]
    [InlineData(null, BigBatch, 4)]
    [InlineData(1, BigBatch, 1)]
    [InlineData(3, BigBatch, 3)]
    [InlineData(8, BigBatch, 4)]
    [InlineData(null, 100, 1)]
    public void A_batch_is_written_by_at_most_the_indexing_threads_set_and_one_thread_per_index(int? setting, int events, int expectedOnFourProcessors)
    {
        var store = _builder.Open(options => options.IndexingThreads = setting);

        var threads = store.IndexingThreadsFor(events, indices: 4);

        // Unset means one per processor; this machine may have fewer than four.
        var expected = setting is null && events >= 2_000 ? Math.Min(Environment.ProcessorCount, 4) : expectedOnFourProcessors;
        Assert.Equal(expected, threads);
    }

    [Fact]
    public async Task The_later_of_two_replacements_in_one_big_batch_is_kept()
    {
        // A replay can carry an event twice; split by position, its two copies could be written by two threads in either order.
        var store = _builder.Open();
        var events = Enumerable.Range(0, BigBatch)
            .Select(i => _builder.Event($$"""{"@timestamp":"2026-11-23T10:00:00Z","message":"event {{i}}"}"""))
            .ToList();
        var first = events[0];
        events[BigBatch - 1] = first with { Source = (System.Text.Json.Nodes.JsonObject)_builder.Event("""{"@timestamp":"2026-11-23T10:00:00Z","message":"replaced"}""").Source.DeepClone() };
        var replays = events.Select(e => e with { MayExist = true }).ToList();

        await store.IndexAsync(replays);
        await store.RefreshAsync();

        Assert.Equal(BigBatch - 1, await store.CountAsync(new LogQuery("thebot-logs-*", null, null, null)));
        Assert.Equal(1, await store.CountAsync(new LogQuery("thebot-logs-*", "message:replaced", null, null)));
        Assert.Equal(0, await store.CountAsync(new LogQuery("thebot-logs-*", "message:\"event 0\"", null, null)));
    }
}
