using System.Diagnostics;
using Console.Ingest.Decoding;
using Console.Shared.Events;
using Console.Shared.Storage;

namespace Console.Benchmarks;

/// <summary>
/// Feeds the generated lines through the ingest path as <c>POST /api/ingest</c> does: a batch is decoded line by line,
/// handed to the store, and the next batch decoded after; one commit at the end.
/// </summary>
internal static class IndexingBenchmark
{
    public static async Task<IndexingResult> RunAsync(ReplicatedCorpus corpus, LogEventNormalizer normalizer, ILogStore store, string indexBase)
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

        foreach (var chunk in corpus.Chunks)
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

            var indexStarted = Stopwatch.GetTimestamp();
            decode += Stopwatch.GetElapsedTime(decodeStarted, indexStarted);
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
