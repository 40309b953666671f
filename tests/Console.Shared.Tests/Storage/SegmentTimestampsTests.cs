using Console.Shared.Events;
using Console.Shared.Storage.Embedded;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The decoded timestamps of a segment against Lucene's own doc values read the way the histogram read them before:
/// every document's value, the documents without one, deletions, and bucket edges.
/// </summary>
public class SegmentTimestampsTests
{
    private static readonly long Day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
    private static readonly long Start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)] // over more than 24 days: values kept in 8 bytes
    public void Every_value_reads_as_Lucene_reads_it(int seed, bool wide)
    {
        using var index = RandomIndex(seed, wide, out _);
        foreach (var leaf in index.Reader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var numbers = reader.GetNumericDocValues(LogSchema.Timestamp);
            var present = reader.GetDocsWithField(LogSchema.Timestamp);
            var timestamps = SegmentTimestamps.Of(reader);
            long min = long.MaxValue, max = long.MinValue;
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                Assert.Equal(present.Get(doc), timestamps.Has(doc));
                if (present.Get(doc))
                {
                    Assert.Equal(numbers.Get(doc), timestamps.Get(doc));
                    min = Math.Min(min, numbers.Get(doc));
                    max = Math.Max(max, numbers.Get(doc));
                }
            }

            Assert.Equal((min, max), (timestamps.Min, timestamps.Max));
            var bytesPerValue = wide ? 8L : 4L;
            var blocks = (reader.MaxDoc / 1024) + 1;
            Assert.InRange(timestamps.SizeInBytes, bytesPerValue * reader.MaxDoc, (bytesPerValue * reader.MaxDoc) + (reader.MaxDoc / 8) + 8 + (blocks * 17));
            Assert.Same(timestamps, SegmentTimestamps.Of(reader)); // decoded once per segment
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void Bucket_counts_equal_a_count_of_the_doc_values_for_any_interval_origin_and_range(int seed, bool wide)
    {
        using var index = RandomIndex(seed, wide, out var span);
        var random = new Random(seed);
        for (var round = 0; round < 60; round++)
        {
            var interval = random.Next(4) switch
            {
                0 => 1L,
                1 => random.NextInt64(1, 1000),
                2 => (long)TimeSpan.FromMinutes(random.Next(1, 90)).TotalMilliseconds,
                _ => random.NextInt64(1, span),
            };
            var from = Start + random.NextInt64(-span / 10, span);
            var to = from + random.NextInt64(0, span);
            var origin = from - random.NextInt64(0, interval);
            var count = (int)Math.Min(10_000, ((to - origin) / interval) + 1 - random.Next(2)); // sometimes one bucket short of `to`

            var expected = new long[count];
            var actual = new long[count];
            long expectedTotal = 0, actualTotal = 0;
            foreach (var leaf in index.Reader.Leaves)
            {
                var reader = leaf.AtomicReader;
                expectedTotal += OldCount(reader, expected, origin, interval, from, to);
                actualTotal += SegmentTimestamps.Of(reader).CountInto(actual, origin, interval, from, to, reader.LiveDocs);
            }

            Assert.Equal(expected, actual);
            Assert.Equal(expectedTotal, actualTotal);
        }
    }

    /// <summary>The histogram's segment count as it was, straight from Lucene's doc values.</summary>
    private static long OldCount(AtomicReader reader, long[] counts, long origin, long interval, long from, long to)
    {
        var timestamps = reader.GetNumericDocValues(LogSchema.Timestamp);
        var present = reader.GetDocsWithField(LogSchema.Timestamp);
        if (timestamps is null || present is null)
        {
            return 0;
        }

        long total = 0;
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (reader.LiveDocs?.Get(doc) == false || !present.Get(doc))
            {
                continue;
            }

            var millis = timestamps.Get(doc);
            if (millis < from || millis > to)
            {
                continue;
            }

            var bucket = (millis - origin) / interval;
            if (bucket >= 0 && bucket < counts.Length)
            {
                counts[bucket]++;
                total++;
            }
        }

        return total;
    }

    /// <summary>
    /// Three segments of events mostly in time order with some out of order, a few at the same millisecond, some without
    /// a time (a field Lucene then reads as 0), and deletions in one segment.
    /// </summary>
    private static TestIndex RandomIndex(int seed, bool wide, out long span)
    {
        var random = new Random(seed);
        span = wide ? 40 * Day : Day;
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()) { MergePolicy = NoMergePolicy.NO_COMPOUND_FILES }))
        {
            var id = 0;
            for (var segment = 0; segment < 3; segment++)
            {
                var time = Start + (segment * span / 3);
                for (var i = 0; i < 2_000; i++)
                {
                    time += random.Next(5) == 0 ? 0 : random.NextInt64(0, span / 6_000);
                    var document = new Document { new StringField("id", (id++).ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.NO) };
                    if (random.Next(50) != 0 || segment == 0)
                    {
                        var value = random.Next(20) == 0 ? Start + random.NextInt64(0, span) : time;
                        document.Add(new NumericDocValuesField(LogSchema.Timestamp, value));
                    }

                    writer.AddDocument(document);
                }

                writer.Commit();
            }

            for (var i = 0; i < 300; i++)
            {
                writer.DeleteDocuments(new Term("id", random.Next(2_000, 4_000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            writer.Commit();
        }

        return new TestIndex(directory, DirectoryReader.Open(directory));
    }

    private sealed class TestIndex(RAMDirectory directory, DirectoryReader reader) : IDisposable
    {
        public DirectoryReader Reader { get; } = reader;

        public void Dispose()
        {
            Reader.Dispose();
            directory.Dispose();
        }
    }
}
