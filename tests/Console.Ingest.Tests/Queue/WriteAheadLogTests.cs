using System.Text.Json.Nodes;
using Console.Ingest.Queue;
using Console.Shared.Events;
using Console.Shared.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Queue;

public class WriteAheadLogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "wal-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_path, recursive: true);

    private WriteAheadLog Open(int maxPending = 1000, long segmentBytes = 64L * 1024 * 1024, long maxHeldBytes = 32L * 1024 * 1024) => new(
        Options.Create(new WriteAheadLogOptions { Path = _path, MaxPendingEvents = maxPending, SegmentBytes = segmentBytes, MaxHeldBytes = maxHeldBytes }),
        Options.Create(new StorageOptions()),
        NullLogger<WriteAheadLog>.Instance);

    private static LogEvent Event(int n) => new(
        $"id-{n}", "thebot-logs-2026.11.23", DateTimeOffset.FromUnixTimeMilliseconds(1_763_900_000_000 + n),
        new JsonObject { ["message"] = $"event {n}", ["n"] = n });

    private static List<LogEvent> Events(int from, int count) => Enumerable.Range(from, count).Select(Event).ToList();

    private static async Task<List<QueuedBatch>> Drain(WriteAheadLog log)
    {
        var batches = new List<QueuedBatch>();
        while (log.Reader.TryRead(out var batch))
        {
            batches.Add(batch);
        }

        await Task.CompletedTask;
        return batches;
    }

    [Fact]
    public async Task Appended_events_reach_the_reader_in_order_with_their_fields()
    {
        await using var log = Open();
        var end = await log.AppendAsync(Events(0, 3), waitForRoom: false, CancellationToken.None);

        var batch = Assert.Single(await Drain(log));
        Assert.Equal(end, batch.End);
        Assert.False(batch.Replayed);
        Assert.Equal(["id-0", "id-1", "id-2"], log.ReadEvents(batch).Select(e => e.Id));
        Assert.Equal(3, log.Pending);
    }

    [Fact]
    public async Task After_a_restart_everything_after_the_checkpoint_is_replayed_once()
    {
        await using (var log = Open())
        {
            var first = await log.AppendAsync(Events(0, 5), false, CancellationToken.None);
            await log.AppendAsync(Events(5, 5), false, CancellationToken.None);
            await log.CheckpointAsync(first!.Value, 5, CancellationToken.None);
        }

        await using var reopened = Open();
        var batches = await Drain(reopened);
        Assert.All(batches, b => Assert.True(b.Replayed));
        Assert.All(batches.SelectMany(b => reopened.ReadEvents(b)), e => Assert.True(e.MayExist, "a replayed event may already be in the store"));
        Assert.Equal(Enumerable.Range(5, 5).Select(n => $"id-{n}"), batches.SelectMany(b => reopened.ReadEvents(b)).Select(e => e.Id));
        Assert.Equal("event 7", (string?)batches.SelectMany(b => reopened.ReadEvents(b)).Single(e => e.Id == "id-7").ToLogEvent().Source["message"]);
        Assert.Equal(5, reopened.Pending);
    }

    [Fact]
    public async Task A_record_torn_by_a_crash_is_cut_off_and_the_records_before_it_are_replayed()
    {
        await using (var log = Open())
        {
            await log.AppendAsync(Events(0, 3), false, CancellationToken.None);
        }

        var segment = Directory.GetFiles(_path, "*.wal").Single(f => new FileInfo(f).Length > 0);
        var length = new FileInfo(segment).Length;
        await using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length - 5); // the last record loses its end, as when the process dies mid-write
        }

        await using (var reopened = Open())
        {
            Assert.Equal(["id-0", "id-1"], (await Drain(reopened)).SelectMany(b => reopened.ReadEvents(b)).Select(e => e.Id));
        }

        Assert.True(new FileInfo(segment).Length < length - 5, "the torn record is truncated away");
    }

    [Fact]
    public async Task A_corrupted_byte_stops_replay_at_that_record()
    {
        await using (var log = Open())
        {
            await log.AppendAsync(Events(0, 3), false, CancellationToken.None);
        }

        var segment = Directory.GetFiles(_path, "*.wal").Single(f => new FileInfo(f).Length > 0);
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(segment, bytes);

        await using var reopened = Open();
        Assert.Equal(["id-0", "id-1"], (await Drain(reopened)).SelectMany(b => reopened.ReadEvents(b)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_full_queue_refuses_or_waits_until_a_checkpoint_frees_room()
    {
        await using var log = Open(maxPending: 10);
        var end = await log.AppendAsync(Events(0, 8), false, CancellationToken.None);

        Assert.Null(await log.AppendAsync(Events(8, 5), waitForRoom: false, CancellationToken.None));

        var waiting = log.AppendAsync(Events(8, 5), waitForRoom: true, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        await log.CheckpointAsync(end!.Value, 8, CancellationToken.None);
        Assert.NotNull(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(5, log.Pending);
    }

    [Fact]
    public async Task Concurrent_appends_share_fsyncs_and_lose_nothing()
    {
        await using var log = Open(maxPending: 100_000);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(t => log.AppendAsync(Events(t * 100, 100), true, CancellationToken.None).AsTask()));

        var ids = (await Drain(log)).SelectMany(b => log.ReadEvents(b)).Select(e => e.Id).ToList();
        Assert.Equal(2000, ids.Count);
        Assert.Equal(2000, ids.Distinct().Count());
    }

    [Fact]
    public async Task Segments_wholly_before_a_checkpoint_are_deleted()
    {
        await using var log = Open(maxPending: 100_000, segmentBytes: 1024 * 1024);
        QueuePosition? end = null;
        for (var i = 0; i < 40; i++)
        {
            // about 100 KB per append: the log rolls to a new segment every megabyte
            end = await log.AppendAsync(Enumerable.Range(i * 1000, 1000).Select(Event).ToList(), true, CancellationToken.None);
        }

        Assert.True(Directory.GetFiles(_path, "*.wal").Length > 2);
        await log.CheckpointAsync(end!.Value, 40_000, CancellationToken.None);
        Assert.True(Directory.GetFiles(_path, "*.wal").Length <= 2);
    }

    [Fact]
    public async Task Batches_past_the_memory_bound_are_read_back_from_disk_whole_in_order_with_their_upsert_flags()
    {
        // Room in memory for about two appends of 100 small events (~70 B of record each), then disk only.
        await using var log = Open(maxPending: 10_000, segmentBytes: 64 * 1024, maxHeldBytes: 16 * 1024);
        var chosen = Event(150) with { MayExist = true }; // an id the sender chose: the store must replace, not add
        for (var i = 0; i < 30; i++)
        {
            var events = Events(i * 100, 100);
            if (i == 1)
            {
                events[50] = chosen;
            }

            await log.AppendAsync(events, waitForRoom: false, CancellationToken.None);
            Assert.InRange(log.HeldBytes, 0, log.MaxHeldBytes);
        }

        var batches = await Drain(log);
        Assert.Contains(batches, b => b.IsHeld);
        Assert.Contains(batches, b => !b.IsHeld);
        var read = batches.SelectMany(b => log.ReadEvents(b)).ToList();

        Assert.True(Directory.GetFiles(_path, "*.wal").Length > 1, "the batches read back span segments");
        Assert.Equal(Enumerable.Range(0, 3000).Select(n => $"id-{n}"), read.Select(e => e.Id));
        Assert.Equal(["id-150"], read.Where(e => e.MayExist).Select(e => e.Id));
        Assert.Equal("event 2999", (string?)read[^1].ToLogEvent().Source["message"]);
        Assert.Equal(2999, (int)read[^1].ToLogEvent().Source["n"]!);
        Assert.Equal(0, log.HeldBytes);
    }

    [Fact]
    public async Task Held_batches_count_their_bytes_until_the_indexer_takes_them()
    {
        await using var log = Open();
        await log.AppendAsync(Events(0, 10), waitForRoom: false, CancellationToken.None);
        var batch = Assert.Single(await Drain(log));
        Assert.Equal(batch.Bytes, log.HeldBytes);

        var first = log.ReadEvents(batch);
        Assert.Equal(0, log.HeldBytes);
        var again = log.ReadEvents(batch); // taken once from memory, then read back from disk
        Assert.Equal(first.Select(e => (e.Id, Convert.ToBase64String(e.SourceJson))), again.Select(e => (e.Id, Convert.ToBase64String(e.SourceJson))));
        Assert.Equal(0, log.HeldBytes);
    }
}
