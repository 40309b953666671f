using System.Runtime.CompilerServices;
using Console.Ingest.Queue;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;
using Console.Shared.Events;
using Console.Shared.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Console.Ingest.Tests.Queue;

/// <summary>
/// The heap that events waiting in the queue for the indexer hold. The receivers' 1 GiB fault test filled the queue
/// (100,000 events) with syslog lines of random bytes, and the process grew by over 1 GiB.
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class WaitingEventHeapTests(ITestOutputHelper output) : IDisposable
{
    private const int Count = 12_000;
    private const long DefaultMaxHeldBytes = 32L * 1024 * 1024;
    private readonly string _path = Path.Combine(Path.GetTempPath(), "wal-heap-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_path, recursive: true);

    [Fact]
    public async Task A_backlog_of_syslog_garbage_holds_no_more_heap_than_the_queues_bound_for_it()
    {
        // Default options but the count, so that all of them wait: ~60 MB of records, twice what the queue keeps in memory.
        await using var log = new WriteAheadLog(
            Options.Create(new WriteAheadLogOptions { Path = _path, MaxPendingEvents = Count }),
            Options.Create(new StorageOptions()),
            NullLogger<WriteAheadLog>.Instance);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var parsedPerEvent = await AppendSyslogGarbageAsync(log);
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;

        var recordBytes = Directory.GetFiles(_path, "*.wal").Sum(f => new FileInfo(f).Length);
        output.WriteLine($"{Count} waiting events, {recordBytes / (double)Count:F0} B of record each ({recordBytes / 1048576.0:F1} MiB): " +
            $"{held / 1048576.0:F1} MiB of heap held, {held / (double)Count:F0} B per event; parsed, before the queue, an event held {parsedPerEvent:F0} B");
        Assert.Equal(Count, log.Pending);
        Assert.True(recordBytes > 1.5 * DefaultMaxHeldBytes, $"the test needs more records ({recordBytes} B) than the queue holds in memory");
        // What the queue holds in memory, its JSON bytes, and a small batch object per append for the rest.
        Assert.InRange(held, 0, DefaultMaxHeldBytes + 4 * 1024 * 1024);
    }

    /// <summary>Appends <see cref="Count"/> events in appends of 100; returns the heap an event held, parsed, before it was queued.</summary>
    // Not inlined, so that nothing the appenders held is still referenced from the test's frame when the heap is measured.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<double> AppendSyslogGarbageAsync(WriteAheadLog log)
    {
        var random = new Random(1);
        var parser = new SyslogMessageParser(TimeProvider.System);
        var normalizer = new LogEventNormalizer(TimeProvider.System);
        Garbage(); // first use: statics and code, not an event's heap
        var parsed = 0.0;
        for (var start = 0; start < Count; start += 1000)
        {
            var before = start == 0 ? GC.GetTotalMemory(forceFullCollection: true) : 0;
            var events = Enumerable.Range(0, 1000).Select(_ => Garbage()).ToList();
            if (start == 0)
            {
                parsed = (GC.GetTotalMemory(forceFullCollection: true) - before) / 1000.0;
            }

            foreach (var append in events.Chunk(100))
            {
                await log.AppendAsync(append, waitForRoom: false, CancellationToken.None);
            }
        }

        return parsed;

        // A line of random bytes as the fault test sends it (no line end, up to 4 KB), as the syslog receiver keeps it.
        LogEvent Garbage()
        {
            var line = new byte[random.Next(1, 4096)];
            random.NextBytes(line);
            line.AsSpan().Replace((byte)'\n', (byte)' ');
            return normalizer.Normalize(parser.Parse(line, "127.0.0.1"), "thebot-logs");
        }
    }
}
