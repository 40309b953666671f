using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// A big indexing buffer is written to disk from another thread, so the thread that indexes keeps indexing: the write is
/// a near-real-time refresh, which is how these tests see it happen without asking for one.
/// </summary>
public sealed class LuceneLogStoreBackgroundWriteTests : IDisposable
{
    private const int RamBufferMegabytes = 4; // the smallest the settings allow: half of it is reached within a few batches
    private const int BatchSize = 2_000;
    private static readonly LogQuery Everything = new("thebot-logs-*", null, null, null);

    private readonly StoreBuilder _builder = new();

    public void Dispose() => _builder.Dispose();

    [Fact]
    public async Task Events_become_searchable_without_a_refresh_once_the_buffer_is_half_full()
    {
        var store = _builder.Open(options => options.RamBufferMegabytes = RamBufferMegabytes);
        var random = new Random(7);
        var indexed = 0;
        long visible = 0;
        // 4 MB of buffer is ~20,000 of these events; stop early once a write has happened.
        for (var batch = 0; batch < 30 && visible == 0; batch++)
        {
            await store.IndexAsync(Batch(random, batch));
            indexed += BatchSize;
            visible = await store.CountAsync(Everything);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (visible == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            visible = await store.CountAsync(Everything);
        }

        // Nothing here refreshed or committed: only the background write can have opened a newer searcher.
        Assert.InRange(visible, 1, indexed);
        Assert.Equal(0, store.WriteFailures);
    }

    [Fact]
    public async Task Closing_the_store_while_a_buffer_is_being_written_keeps_every_event()
    {
        var indexed = 0;
        var random = new Random(11);
        using (var store = _builder.Open(options => options.RamBufferMegabytes = RamBufferMegabytes))
        {
            for (var batch = 0; batch < 15; batch++)
            {
                await store.IndexAsync(Batch(random, batch));
                indexed += BatchSize;
            }

            // Disposed at once, most likely while the last write runs: closing waits for it, then commits the rest.
        }

        var reopened = _builder.Open();
        await reopened.RefreshAsync();
        Assert.Equal(indexed, await reopened.CountAsync(Everything));
        Assert.Equal(indexed, await reopened.CountAsync(new LogQuery("thebot-logs-*", "duration_ms:[0 TO 1000]", null, null)));
    }

    private List<LogEvent> Batch(Random random, int batch) =>
        Enumerable.Range(0, BatchSize)
            .Select(i =>
            {
                var words = string.Join(' ', Enumerable.Range(0, 12).Select(_ => $"word{random.Next(50_000)}"));
                return _builder.Event($$"""{"@timestamp":"2026-11-23T10:{{batch % 60:D2}}:{{i % 60:D2}}Z","message":"{{words}}","request_id":"r-{{batch}}-{{i}}","duration_ms":{{random.Next(1000)}}}""");
            })
            .ToList();
}
