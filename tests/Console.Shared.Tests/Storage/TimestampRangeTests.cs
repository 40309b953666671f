using System.Globalization;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage.Embedded;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The time range run from the segments' blocks of decoded times (<see cref="TimeRangeFilter"/>,
/// <see cref="TimestampRangeDocIdSet"/>, <see cref="TimestampRangeQueries"/>) against Lucene's trie range on the same
/// documents: times mostly in order with some out of order and repeated, documents without a time, deletions, a segment
/// wholly deleted, a segment without any time, and ranges at random, at block edges, open, exclusive and empty.
/// </summary>
public class TimestampRangeTests
{
    private static readonly long Start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long Span = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_range_query_matches_what_the_trie_range_matches(int seed)
    {
        using var index = RandomIndex(seed, out var times);
        var searcher = new IndexSearcher(index.Reader);
        var random = new Random(seed);
        foreach (var (from, to, includeFrom, includeTo) in Ranges(random, times))
        {
            var trie = NumericRangeQuery.NewInt64Range(LogSchema.Timestamp, IndexLayout.NumericPrecisionStep, from, to, includeFrom, includeTo);
            var replaced = TimestampRangeQueries.Replace(trie);
            Assert.IsType<ConstantScoreQuery>(replaced);
            Assert.Equal(Matches(searcher, trie), Matches(searcher, replaced));

            // Inside a conjunction and a disjunction too, where the range is advanced rather than iterated.
            var term = new TermQuery(new Term("parity", "even"));
            Assert.Equal(Matches(searcher, Both(term, trie)), Matches(searcher, TimestampRangeQueries.Replace(Both(term, trie))));
            Assert.Equal(Matches(searcher, Either(term, trie)), Matches(searcher, TimestampRangeQueries.Replace(Either(term, trie))));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void The_time_range_filter_keeps_what_the_trie_range_filter_keeps(int seed)
    {
        using var index = RandomIndex(seed, out var times);
        var searcher = new IndexSearcher(index.Reader);
        var random = new Random(seed);
        var term = new TermQuery(new Term("parity", "odd"));
        foreach (var (from, to, includeFrom, includeTo) in Ranges(random, times).Where(r => r.IncludeFrom && r.IncludeTo))
        {
            var trie = NumericRangeFilter.NewInt64Range(LogSchema.Timestamp, IndexLayout.NumericPrecisionStep, from, to, true, true);
            var blocks = new TimeRangeFilter(from, to);
            Assert.Equal(Matches(searcher, new FilteredQuery(new MatchAllDocsQuery(), trie)), Matches(searcher, new FilteredQuery(new MatchAllDocsQuery(), blocks)));
            Assert.Equal(Matches(searcher, new FilteredQuery(term, trie)), Matches(searcher, new FilteredQuery(term, blocks)));
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Iterator_advance_and_bits_agree_with_each_documents_time(int seed)
    {
        using var index = RandomIndex(seed, out var times);
        var random = new Random(seed);
        foreach (var (from, to, _, _) in Ranges(random, times).Where(r => r.IncludeFrom && r.IncludeTo).Take(40))
        {
            foreach (var leaf in index.Reader.Leaves)
            {
                var reader = leaf.AtomicReader;
                var timestamps = SegmentTimestamps.Of(reader);
                if (timestamps.IsEmpty)
                {
                    Assert.Null(new TimeRangeFilter(from, to).GetDocIdSet(leaf, reader.LiveDocs));
                    continue;
                }

                var set = new TimestampRangeDocIdSet(timestamps, from ?? long.MinValue, to ?? long.MaxValue, reader.LiveDocs);
                var expected = Enumerable.Range(0, reader.MaxDoc)
                    .Where(doc => reader.LiveDocs?.Get(doc) != false && timestamps.Has(doc) && timestamps.Get(doc) >= (from ?? long.MinValue) && timestamps.Get(doc) <= (to ?? long.MaxValue))
                    .ToList();

                var bits = set.Bits;
                Assert.Equal(expected, Enumerable.Range(0, reader.MaxDoc).Where(bits.Get).ToList());

                var iterator = set.GetIterator();
                Assert.InRange(iterator.GetCost(), expected.Count, reader.MaxDoc);
                var iterated = new List<int>();
                for (var doc = iterator.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = iterator.NextDoc())
                {
                    iterated.Add(doc);
                }

                Assert.Equal(expected, iterated);
                Assert.Equal(DocIdSetIterator.NO_MORE_DOCS, iterator.NextDoc());

                // Advance to random targets, as a conjunction does: each lands on the first match at or after it.
                var advancing = set.GetIterator();
                var target = 0;
                while (true)
                {
                    var landed = advancing.Advance(target);
                    var first = expected.FirstOrDefault(doc => doc >= target, DocIdSetIterator.NO_MORE_DOCS);
                    Assert.Equal(first, landed);
                    if (landed == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        break;
                    }

                    var next = advancing.NextDoc();
                    Assert.Equal(expected.FirstOrDefault(doc => doc > landed, DocIdSetIterator.NO_MORE_DOCS), next);
                    if (next == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        break;
                    }

                    target = next + 1 + random.Next(random.Next(2) == 0 ? 8 : 3_000);
                }
            }
        }
    }

    [Fact]
    public void A_document_without_a_time_is_in_no_range_even_in_a_segment_wholly_inside_it()
    {
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            writer.AddDocument(TimedDocument(0, Start));
            writer.AddDocument(new Document { new StringField("id", "1", Field.Store.YES) });
            writer.AddDocument(TimedDocument(2, Start + 10));
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var kept = Matches(searcher, new FilteredQuery(new MatchAllDocsQuery(), new TimeRangeFilter(Start - 1_000, Start + 1_000)));
        Assert.Equal([0, 2], kept);
        Assert.Equal(kept, Matches(searcher, new FilteredQuery(new MatchAllDocsQuery(), NumericRangeFilter.NewInt64Range(LogSchema.Timestamp, IndexLayout.NumericPrecisionStep, Start - 1_000, Start + 1_000, true, true))));
    }

    [Fact]
    public void Only_timestamp_ranges_are_replaced_and_the_required_range_is_their_intersection()
    {
        var range = NumericRangeQuery.NewInt64Range(LogSchema.Timestamp, IndexLayout.NumericPrecisionStep, 100L, 200L, false, true);
        var other = NumericRangeQuery.NewInt64Range("duration_ms", IndexLayout.NumericPrecisionStep, 1L, 2L, true, true);
        var narrower = NumericRangeQuery.NewInt64Range(LogSchema.Timestamp, IndexLayout.NumericPrecisionStep, 150L, 300L, true, false);
        var query = new BooleanQuery { { range, Occur.MUST }, { other, Occur.MUST }, { new BooleanQuery { { narrower, Occur.MUST } }, Occur.MUST } };

        var replaced = (BooleanQuery)TimestampRangeQueries.Replace(query);
        Assert.IsType<ConstantScoreQuery>(replaced.Clauses[0].Query);
        Assert.Same(other, replaced.Clauses[1].Query);
        Assert.Equal((150L, 200L), TimestampRangeQueries.RequiredRange(replaced));
        Assert.Equal((101L, 200L), TimestampRangeQueries.RequiredRange(TimestampRangeQueries.Replace(range)));

        // A range that only may match (SHOULD) or must not match does not bound the matches.
        Assert.Null(TimestampRangeQueries.RequiredRange(TimestampRangeQueries.Replace(Either(new TermQuery(new Term("a", "b")), range))));
        Assert.Null(TimestampRangeQueries.RequiredRange(TimestampRangeQueries.Replace(new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST }, { range, Occur.MUST_NOT } })));
        Assert.Same(other, TimestampRangeQueries.Replace(other));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public void The_hit_count_is_what_collecting_the_query_in_its_range_counts(int seed)
    {
        // Every segment kind: wholly inside a range (an empty query's live count, a term's docFreq where nothing is
        // deleted), with deletions (no docFreq), with events without a time (never wholly inside a range), cut by it.
        using var index = RandomIndex(seed, out var times);
        var searcher = new IndexSearcher(index.Reader);
        var random = new Random(seed);
        var even = new TermQuery(new Term("parity", "even"));
        var queries = new LuceneQuery[] { new MatchAllDocsQuery(), even, new TermQuery(new Term("parity", "never")), Either(even, new TermQuery(new Term("parity", "odd"))) };
        foreach (var (from, to, _, _) in Ranges(random, times).Where(r => r.IncludeFrom && r.IncludeTo))
        {
            foreach (var parsed in queries)
            {
                var query = from is null && to is null ? parsed : new FilteredQuery(parsed, new TimeRangeFilter(from, to));
                Assert.Equal(Matches(searcher, query).Count, HitCounter.Count(searcher, query, parsed, from, to));
            }
        }
    }

    private static BooleanQuery Both(LuceneQuery a, LuceneQuery b) => new() { { a, Occur.MUST }, { b, Occur.MUST } };

    private static BooleanQuery Either(LuceneQuery a, LuceneQuery b) => new() { { a, Occur.SHOULD }, { b, Occur.SHOULD } };

    private static List<int> Matches(IndexSearcher searcher, LuceneQuery query)
    {
        var docs = new List<int>();
        searcher.Search(query, new DocCollector(docs));
        docs.Sort();
        return docs;
    }

    /// <summary>Ranges at random over the data, around it, at single documents' times (block edges), open-ended, exclusive and empty.</summary>
    private static IEnumerable<(long? From, long? To, bool IncludeFrom, bool IncludeTo)> Ranges(Random random, List<long> times)
    {
        yield return (null, null, true, true);
        yield return (Start - Span, Start + (2 * Span), true, true);
        yield return (Start + (Span / 2), null, true, true);
        yield return (null, Start + (Span / 3), true, true);
        yield return (Start + 5, Start + 5, true, true);
        yield return (Start + 5, Start + 5, false, true);
        yield return (Start + 100, Start + 10, true, true);
        yield return (long.MaxValue, null, false, true);
        for (var i = 0; i < 60; i++)
        {
            var a = random.Next(3) == 0 ? times[random.Next(times.Count)] : Start + random.NextInt64(-Span / 10, Span + (Span / 10));
            var b = random.Next(3) == 0 ? times[random.Next(times.Count)] : a + random.NextInt64(0, random.Next(2) == 0 ? Span / 50 : Span);
            yield return (Math.Min(a, b), Math.Max(a, b), random.Next(4) != 0, random.Next(4) != 0);
        }
    }

    private static Document TimedDocument(int id, long millis) => new()
    {
        new StringField("id", id.ToString(CultureInfo.InvariantCulture), Field.Store.YES),
        new StringField("parity", id % 2 == 0 ? "even" : "odd", Field.Store.NO),
        new Int64Field(LogSchema.Timestamp, millis, new Lucene.Net.Documents.FieldType(Int64Field.TYPE_NOT_STORED) { NumericPrecisionStep = IndexLayout.NumericPrecisionStep }),
        new NumericDocValuesField(LogSchema.Timestamp, millis),
    };

    /// <summary>
    /// Five segments: two of events mostly in time order (repeated times, one in 8 or one in 500 out of order, one in 100
    /// without a time, deletions), one wholly deleted, one without any time, one small one in order.
    /// </summary>
    private static TestIndex RandomIndex(int seed, out List<long> times)
    {
        var random = new Random(seed);
        times = [];
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()) { MergePolicy = NoMergePolicy.NO_COMPOUND_FILES }))
        {
            var id = 0;
            foreach (var (size, kind, outOfOrder) in new[] { (5_000, "mixed", 8), (1_500, "deleted", 8), (700, "untimed", 8), (4_100, "mixed", 500), (900, "ordered", 0) })
            {
                var firstId = id;
                var time = Start + random.NextInt64(0, Span / 2);
                for (var i = 0; i < size; i++)
                {
                    time += random.Next(5) == 0 ? 0 : random.NextInt64(0, Span / 8_000);
                    var docId = id++;
                    if (kind == "untimed" || (kind == "mixed" && random.Next(100) == 0))
                    {
                        writer.AddDocument(new Document { new StringField("id", docId.ToString(CultureInfo.InvariantCulture), Field.Store.YES), new StringField("parity", docId % 2 == 0 ? "even" : "odd", Field.Store.NO) });
                        continue;
                    }

                    var value = outOfOrder > 0 && random.Next(outOfOrder) == 0 ? Start + random.NextInt64(0, Span) : time;
                    times.Add(value);
                    writer.AddDocument(TimedDocument(docId, value));
                }

                writer.Commit();
                if (kind == "deleted")
                {
                    for (var deleted = firstId; deleted < id; deleted++)
                    {
                        writer.DeleteDocuments(new Term("id", deleted.ToString(CultureInfo.InvariantCulture)));
                    }
                }
                else if (kind == "mixed")
                {
                    for (var i = 0; i < size / 10; i++)
                    {
                        writer.DeleteDocuments(new Term("id", (firstId + random.Next(size)).ToString(CultureInfo.InvariantCulture)));
                    }
                }

                writer.Commit();
            }
        }

        return new TestIndex(directory, DirectoryReader.Open(directory));
    }

    private sealed class DocCollector(List<int> docs) : ICollector
    {
        private int _docBase;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

        public void Collect(int doc) => docs.Add(_docBase + doc);
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
