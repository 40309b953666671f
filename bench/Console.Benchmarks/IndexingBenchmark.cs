using System.Diagnostics;
using System.Threading.Channels;
using Console.Ingest.Decoding;
using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Benchmarks;

/// <summary>
/// Feeds the generated lines to the store the way the console's ingest path does: batches are decoded line by line
/// (JSON parse and normalisation) on one task while the indexer hands the decoded ones to the store; one commit at the end.
/// </summary>
internal static class IndexingBenchmark
{
    public static async Task<IndexingResult> RunAsync(IEnumerable<NdjsonChunk> chunks, LogEventNormalizer normalizer, ILogStore store, string indexBase)
    {
        var rejected = 0;
        long flagged = 0;
        var indexed = 0;
        var decode = TimeSpan.Zero;
        var index = TimeSpan.Zero;
        var nextProgress = 100_000;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();

        // Decoding runs a batch or two ahead of indexing on its own task, as the receivers do in the console while the
        // indexer drains the queue; its time overlaps the indexing time.
        var decoded = Channel.CreateBounded<List<LogEvent>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var decoder = Task.Run(async () =>
        {
            try
            {
                foreach (var chunk in chunks)
                {
                    var decodeStarted = Stopwatch.GetTimestamp();
                    var batch = new List<LogEvent>(chunk.Count);
                    for (var i = 0; i < chunk.Count; i++)
                    {
                        var json = NdjsonDecoder.ParseLine(chunk.Line(i), out _);
                        var logEvent = json is null ? null : normalizer.Normalize(json, indexBase);
                        if (logEvent is null)
                        {
                            rejected++;
                        }
                        else
                        {
                            batch.Add(logEvent);
                        }
                    }

                    decode += Stopwatch.GetElapsedTime(decodeStarted);
                    await decoded.Writer.WriteAsync(batch);
                }
            }
            finally
            {
                decoded.Writer.Complete();
            }
        });

        await foreach (var batch in decoded.Reader.ReadAllAsync())
        {
            var indexStarted = Stopwatch.GetTimestamp();
            var result = await store.IndexAsync(batch);
            index += Stopwatch.GetElapsedTime(indexStarted);
            indexed += result.Indexed;
            flagged += result.FlaggedValues;

            if (indexed >= nextProgress)
            {
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                System.Console.Error.WriteLine($"  indexed {indexed:N0} events in {seconds:F1} s ({indexed / seconds:N0}/s)");
                nextProgress += 100_000;
            }
        }

        await decoder;
        var commitStarted = Stopwatch.GetTimestamp();
        await store.FlushAsync();
        var commit = Stopwatch.GetElapsedTime(commitStarted);
        var total = Stopwatch.GetElapsedTime(started);

        return new IndexingResult(
            indexed,
            rejected,
            flagged,
            total,
            decode,
            index,
            commit,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            GC.GetTotalPauseDuration() - pauseBefore,
            Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
    }
}
