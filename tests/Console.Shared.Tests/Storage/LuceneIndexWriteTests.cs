using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// How an index writes a batch: every event once, numbered in order, and no in-memory segment left paying Lucene.Net's
/// reflective measure of the docs-with-field bits of <c>@timestamp</c> and <c>_seq</c>, including segments started by a
/// flush in the middle of the batch.
/// </summary>
public sealed class LuceneIndexWriteTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_batch_leaves_every_in_memory_segment_s_dense_doc_values_writers_without_docs_with_field_bits()
    {
        using var index = LuceneIndex.Open("write-test", Path.Combine(_directory.Path, "index"), new KeywordAnalyzer(), ramBufferMegabytes: 16);
        var builder = new DocumentBuilder(new FieldCatalog(Path.Combine(_directory.Path, "_fields.json"), 1000));
        index.Write(Events(0, 10), builder, firstSequence: 1);
        index.Commit(); // the next document starts a new in-memory segment, with new doc-values writers

        index.Write(Events(10, 300), builder, firstSequence: 11);

        Assert.Equal(0, DenseDocValuesPatch.Apply(index.Writer, LuceneIndex.DenseDocValueFields)); // none left to free
    }

    [Fact]
    public void Events_written_across_segments_flushed_in_the_middle_of_a_batch_keep_their_times_and_sequence_numbers()
    {
        const int count = 6_000;
        using var index = LuceneIndex.Open("write-test", Path.Combine(_directory.Path, "index"), new KeywordAnalyzer(), ramBufferMegabytes: 1);
        var builder = new DocumentBuilder(new FieldCatalog(Path.Combine(_directory.Path, "_fields.json"), 1000));

        var flagged = index.Write(Events(0, count), builder, firstSequence: 1_000);
        index.Commit();

        Assert.Equal(0, flagged);
        using var reader = DirectoryReader.Open(index.Writer, applyAllDeletes: true);
        Assert.True(reader.Leaves.Count > 1, "a 1 MB buffer flushes several segments during the batch");
        var seen = new HashSet<long>();
        foreach (var leaf in reader.Leaves)
        {
            var times = leaf.AtomicReader.GetNumericDocValues(LogSchema.Timestamp);
            var sequences = leaf.AtomicReader.GetNumericDocValues(IndexLayout.Sequence);
            var timesPresent = leaf.AtomicReader.GetDocsWithField(LogSchema.Timestamp);
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                var sequence = sequences.Get(doc);
                Assert.True(timesPresent.Get(doc));
                // Event i is numbered 1,000 + i and was stamped i seconds after the start.
                Assert.Equal(Start.AddSeconds(sequence - 1_000).ToUnixTimeMilliseconds(), times.Get(doc));
                Assert.True(seen.Add(sequence));
            }
        }

        Assert.Equal(Enumerable.Range(1_000, count).Select(i => (long)i).ToHashSet(), seen);
    }

    private static List<LogEvent> Events(int from, int count) =>
        Enumerable.Range(from, count).Select(i =>
        {
            var time = Start.AddSeconds(i);
            var source = new JsonObject
            {
                [LogSchema.Timestamp] = TimestampParser.Format(time),
                ["message"] = $"GET /api/lessons/{i} 200",
                ["log_level"] = "INFO",
                ["duration_ms"] = i % 500,
            };
            return new LogEvent($"event-{i}", "write-test", time, source);
        }).ToList();
}
