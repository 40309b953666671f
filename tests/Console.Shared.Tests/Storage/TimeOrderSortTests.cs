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

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The page order read from the decoded arrays against Lucene's own INT64 sort of the doc values, which the store used
/// before: equal times, documents without a time or a sequence number, deletions, several segments and indices, both
/// directions, and paging with search_after from the previous page's last values.
/// </summary>
public class TimeOrderSortTests
{
    private static readonly long Start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)] // times over more than 24 days and sequence numbers far apart: values kept in 8 bytes
    public void Pages_equal_Lucenes_own_sort_of_the_doc_values(int seed, bool wide)
    {
        using var first = RandomIndex(seed, wide);
        using var second = RandomIndex(seed + 100, wide);
        using var multi = new MultiReader([first.Reader, second.Reader], closeSubReaders: false);
        var searcher = new IndexSearcher(multi);
        var random = new Random(seed);
        Lucene.Net.Search.Query[] queries = [new MatchAllDocsQuery(), new TermQuery(new Term("kind", "a")), new TermQuery(new Term("kind", "none"))];
        foreach (var descending in new[] { true, false })
        {
            var lucene = new Sort(
                new SortField(LogSchema.Timestamp, SortFieldType.INT64, descending),
                new SortField(IndexLayout.Sequence, SortFieldType.INT64, descending));
            var decoded = TimeOrderSort.For(descending);
            foreach (var query in queries)
            {
                foreach (var size in new[] { 1, 7, 50, 1_000, 20_000 })
                {
                    var expected = searcher.Search(query, null, size, lucene);
                    var actual = searcher.Search(query, null, size, decoded);
                    AssertSame(expected, actual);
                }

                // Paging: each next page after the last hit's values, as LuceneLogStore builds a cursor's FieldDoc.
                var pageSize = random.Next(1, 400);
                FieldDoc? after = null;
                for (var page = 0; page < 40; page++)
                {
                    var expected = Page(searcher, query, after, pageSize, lucene);
                    var actual = Page(searcher, query, after, pageSize, decoded);
                    AssertSame(expected, actual);
                    if (actual.ScoreDocs.Length == 0)
                    {
                        break;
                    }

                    var last = (FieldDoc)actual.ScoreDocs[^1];
                    after = new FieldDoc(int.MaxValue, float.NaN, [J2N.Numerics.Int64.GetInstance(ToLong(last.Fields[0])), J2N.Numerics.Int64.GetInstance(ToLong(last.Fields[1]))]);
                }
            }
        }
    }

    [Fact]
    public void A_missing_time_or_sequence_number_sorts_as_zero_as_in_the_doc_values()
    {
        using var index = RandomIndex(7, wide: false);
        var searcher = new IndexSearcher(index.Reader);
        var oldest = searcher.Search(new MatchAllDocsQuery(), null, 5, TimeOrderSort.For(descending: false));
        Assert.Equal(0L, ToLong(((FieldDoc)oldest.ScoreDocs[0]).Fields[0])); // some documents have no time
    }

    private static TopDocs Page(IndexSearcher searcher, Lucene.Net.Search.Query query, FieldDoc? after, int size, Sort sort) =>
        after is null ? searcher.Search(query, null, size, sort) : searcher.SearchAfter(after, query, null, size, sort);

    private static void AssertSame(TopDocs expected, TopDocs actual)
    {
        Assert.Equal(expected.TotalHits, actual.TotalHits);
        Assert.Equal(expected.ScoreDocs.Select(d => d.Doc), actual.ScoreDocs.Select(d => d.Doc));
        Assert.Equal(
            expected.ScoreDocs.Select(d => (ToLong(((FieldDoc)d).Fields[0]), ToLong(((FieldDoc)d).Fields[1]))),
            actual.ScoreDocs.Select(d => (ToLong(((FieldDoc)d).Fields[0]), ToLong(((FieldDoc)d).Fields[1]))));
    }

    private static long ToLong(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>
    /// Three segments of 3,000 documents: runs of equal times, some out-of-order times, a few documents without a time or
    /// without a sequence number, repeated sequence numbers (so only the document id breaks some ties), and deletions.
    /// </summary>
    private static TestIndex RandomIndex(int seed, bool wide)
    {
        var random = new Random(seed);
        var span = wide ? (long)TimeSpan.FromDays(40).TotalMilliseconds : (long)TimeSpan.FromHours(20).TotalMilliseconds;
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()) { MergePolicy = NoMergePolicy.NO_COMPOUND_FILES }))
        {
            var id = 0;
            long sequence = wide ? 1L << 40 : 0;
            for (var segment = 0; segment < 3; segment++)
            {
                var time = Start + (segment * span / 3);
                for (var i = 0; i < 3_000; i++)
                {
                    time += random.Next(3) == 0 ? 0 : random.NextInt64(0, span / 9_000);
                    var document = new Document
                    {
                        new StringField("id", (id++).ToString(CultureInfo.InvariantCulture), Field.Store.NO),
                        new StringField("kind", random.Next(3) == 0 ? "a" : "b", Field.Store.NO),
                    };
                    if (random.Next(40) != 0)
                    {
                        document.Add(new NumericDocValuesField(LogSchema.Timestamp, random.Next(20) == 0 ? Start + random.NextInt64(0, span) : time));
                    }

                    sequence += random.Next(10) == 0 ? 0 : 1;
                    if (wide && random.Next(500) == 0)
                    {
                        sequence += 1L << 33; // a span of sequence numbers beyond 4 bytes
                    }

                    if (random.Next(60) != 0)
                    {
                        document.Add(new NumericDocValuesField(IndexLayout.Sequence, random.Next(30) == 0 ? random.NextInt64(0, sequence + 1) : sequence));
                    }

                    writer.AddDocument(document);
                }

                writer.Commit();
            }

            for (var i = 0; i < 500; i++)
            {
                writer.DeleteDocuments(new Term("id", random.Next(0, 9_000).ToString(CultureInfo.InvariantCulture)));
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
