using System.Text;
using Console.Shared.Events;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// How an index merges the small segments that a live index's commits and refreshes flush every second: each event is
/// merged a few times, not once more with every ten flushes, and segments written in time order keep time ranges apart.
/// </summary>
public sealed class LuceneIndexMergeTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_store_s_indices_use_the_merge_policy_tested_here()
    {
        using var index = LuceneIndex.Open("merge-test", _directory.Path, new KeywordAnalyzer(), ramBufferMegabytes: 16);

        Assert.IsType(LuceneIndex.NewMergePolicy().GetType(), index.Writer.Config.MergePolicy);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Live_flushes_are_merged_a_few_times_each_into_segments_whose_time_ranges_do_not_overlap(int seed)
    {
        var random = new Random(seed);
        var words = Enumerable.Range(0, 3000).Select(_ => RandomWord(random)).ToArray();
        var time = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var merges = new CountingMergeScheduler();
        long indexed = 0;
        using (var directory = FSDirectory.Open(_directory.Path))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())
        {
            Codec = ConsoleCodec.Instance,
            UseCompoundFile = false,
            MergePolicy = LuceneIndex.NewMergePolicy(),
            MergeScheduler = merges,
        }))
        {
            // A live index: every second's events flushed as a segment of their own, some seconds busier than others,
            // until the index holds several MB (well past the policies' smallest merge sizes).
            for (var flush = 0; flush < 250; flush++)
            {
                var events = random.Next(100, 600);
                for (var i = 0; i < events; i++)
                {
                    time += random.Next(0, 3);
                    var message = new StringBuilder();
                    for (var w = random.Next(10, 30); w > 0; w--)
                    {
                        message.Append(words[random.Next(words.Length)]).Append(' ');
                    }

                    writer.AddDocument(
                    [
                        new NumericDocValuesField(LogSchema.Timestamp, time),
                        new StoredField("message", message.ToString()),
                    ]);
                }

                indexed += events;
                writer.Commit();
            }

            using var reader = DirectoryReader.Open(writer, applyAllDeletes: true);
            var ranges = reader.Leaves
                .Select(leaf => SegmentTimestamps.Of(leaf.AtomicReader))
                .Select(timestamps => (timestamps.Min, timestamps.Max))
                .OrderBy(range => range.Min)
                .ToList();

            // Lucene's tiered policy merged every event here ~14 times: its largest segment went into every merge; the log
            // policy with ten segments a merge 2.5 times, with thirty-two 1.3 times.
            Assert.InRange(merges.MergedDocs / (double)indexed, 1, 2);
            Assert.InRange(ranges.Count, 2, 50);
            for (var i = 1; i < ranges.Count; i++)
            {
                // Neighbouring flushes may share a millisecond, never more.
                Assert.True(ranges[i - 1].Max <= ranges[i].Min, $"segment {i - 1} ({ranges[i - 1].Min}-{ranges[i - 1].Max}) overlaps segment {i} ({ranges[i].Min}-{ranges[i].Max})");
            }
        }
    }

    private static string RandomWord(Random random)
    {
        var letters = new char[random.Next(3, 12)];
        for (var i = 0; i < letters.Length; i++)
        {
            letters[i] = (char)('a' + random.Next(26));
        }

        return new string(letters);
    }

    /// <summary>Runs each merge on the indexing thread, as Lucene's serial scheduler does, and counts the documents it rewrites.</summary>
    private sealed class CountingMergeScheduler : MergeScheduler
    {
        private readonly System.Threading.Lock _gate = new();

        public long MergedDocs { get; private set; }

        public override void Merge(IndexWriter writer, MergeTrigger trigger, bool newMergesFound)
        {
            lock (_gate)
            {
                while (writer.GetNextMerge() is { } merge)
                {
                    MergedDocs += merge.TotalDocCount;
                    writer.Merge(merge);
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
