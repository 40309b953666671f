using System.Globalization;
using Console.Shared.Query;
using Console.Shared.Query.Limits;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The store's cache of repeated queries: which queries it keeps and after how many uses (Lucene-Java's usage-tracking
/// policy), that a kept query matches exactly what the query matches (later deletions and new segments included), that
/// a large segment is matched once, and that the cache stays bounded.
/// </summary>
public sealed class QueryCacheTests
{
    private static NumericRangeQuery<long> Range(long from, long to) =>
        NumericRangeQuery.NewInt64Range("duration_ms", IndexLayout.NumericPrecisionStep, from, to, true, true);

    private static TermQuery Term(string field, string value) => new(new Term(field, value));

    public static TheoryData<string, LuceneQuery, int?> Policies() => new()
    {
        { "one term", Term("log_level", "error"), null },
        { "every event", new MatchAllDocsQuery(), null },
        { "a range", Range(100, 500), 2 },
        { "a wildcard", new WildcardQuery(new Term("logger", "django.*")), 2 },
        { "a boolean", new BooleanQuery { { Term("log_level", "error"), Occur.SHOULD }, { Term("log_level", "critical"), Occur.SHOULD } }, 4 },
        { "a boolean of one term", new BooleanQuery { { Term("log_level", "error"), Occur.MUST } }, null },
        { "a phrase", new PhraseQuery { new Term("message", "internal"), new Term("message", "error") }, 5 },
        { "field exists (answered from doc values)", new FieldExistsQuery("user_id"), null },
        { "a boolean with field exists", new BooleanQuery { { new FieldExistsQuery("user_id"), Occur.MUST }, { Term("log_level", "error"), Occur.MUST } }, null },
        { "a time range (answered from blocks of times)", new ConstantScoreQuery(new TimeRangeFilter(0, 10)), null },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Queries_are_kept_after_the_uses_Lucene_Java_keeps_them_after(string kind, LuceneQuery query, int? uses)
    {
        Assert.True(uses == QueryCache.UsesBeforeCaching(query), kind);
        var cache = new QueryCache();
        for (var use = 1; use <= 6; use++)
        {
            var run = cache.Use(query);
            var kept = uses is not null && use >= uses;
            Assert.True(kept ? run is ConstantScoreQuery && !ReferenceEquals(run, query) : ReferenceEquals(run, query), $"{kind}, use {use}");
        }
    }

    [Fact]
    public void A_kept_query_matches_what_the_query_matches_after_deletions_and_new_segments()
    {
        var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()) { MergePolicy = NoMergePolicy.NO_COMPOUND_FILES });
        AddDocuments(writer, 0, QueryCache.MinSegmentDocs + 2_000); // kept per segment
        AddDocuments(writer, QueryCache.MinSegmentDocs + 2_000, QueryCache.MinSegmentDocs + 2_600); // too small: matched each time
        using var first = DirectoryReader.Open(directory);
        var cache = new QueryCache();
        var query = new BooleanQuery { { Range(100, 400), Occur.MUST }, { Term("parity", "even"), Occur.MUST } };
        LuceneQuery run = query;
        for (var use = 0; use < 4; use++)
        {
            run = cache.Use(query);
        }

        Assert.IsType<ConstantScoreQuery>(run);
        Assert.Equal(Matches(first, query), Matches(first, run));
        Assert.NotEmpty(Matches(first, query));

        // Deletions in both segments and a third segment, after the matches were kept.
        for (var id = 0; id < QueryCache.MinSegmentDocs + 2_600; id += 7)
        {
            writer.DeleteDocuments(new Term("id", id.ToString(CultureInfo.InvariantCulture)));
        }

        AddDocuments(writer, QueryCache.MinSegmentDocs + 2_600, QueryCache.MinSegmentDocs + 3_000);
        using var second = DirectoryReader.OpenIfChanged(first)!;
        Assert.Equal(3, second.Leaves.Count);
        Assert.Equal(Matches(second, query), Matches(second, cache.Use(query)));
        Assert.Equal(Matches(first, query), Matches(first, cache.Use(query))); // the older view still sees its own documents
    }

    [Fact]
    public void A_large_segment_is_matched_once_for_a_kept_query_and_a_small_one_each_time()
    {
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()) { MergePolicy = NoMergePolicy.NO_COMPOUND_FILES }))
        {
            AddDocuments(writer, 0, QueryCache.MinSegmentDocs);
            AddDocuments(writer, QueryCache.MinSegmentDocs, QueryCache.MinSegmentDocs + 500);
        }

        using var reader = DirectoryReader.Open(directory);
        var large = new TermWalkCountingReader(reader.Leaves[0].AtomicReader, cancelAfter: int.MaxValue);
        var small = new TermWalkCountingReader(reader.Leaves[1].AtomicReader, cancelAfter: int.MaxValue);
        using var both = new MultiReader([large, small], closeSubReaders: false);
        var cache = new QueryCache();
        var query = Range(50, 700);

        cache.Use(query);
        var kept = cache.Use(query);
        var expected = Matches(both, query);
        var (largeBefore, smallBefore) = (large.Steps, small.Steps);
        Assert.Equal(expected, Matches(both, kept)); // matched now, and kept for the large segment
        var (largeOnce, smallOnce) = (large.Steps, small.Steps);
        Assert.Equal(expected, Matches(both, cache.Use(query)));

        Assert.True(largeOnce > largeBefore && smallOnce > smallBefore, "the first search of the kept query must match both segments");
        Assert.Equal(largeOnce, large.Steps);
        Assert.True(small.Steps > smallOnce, "a segment under the minimum size is matched on every search");
    }

    [Fact]
    public void Keeping_a_segments_matches_stops_when_the_search_is_cancelled_and_keeps_nothing_partial()
    {
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            AddDocuments(writer, 0, QueryCache.MinSegmentDocs + 5_000);
        }

        using var reader = DirectoryReader.Open(directory);
        var cache = new QueryCache();
        var query = Range(0, 900);
        cache.Use(query);
        var kept = cache.Use(query);
        using (var cancelled = new CancellationTokenSource())
        {
            cancelled.Cancel();
            using (QueryCancellation.Enter(TimeSpan.FromHours(1), cancelled.Token))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => Matches(reader, kept));
            }
        }

        Assert.Equal(Matches(reader, query), Matches(reader, cache.Use(query)));
    }

    [Fact]
    public void Kept_sets_are_counted_in_bytes_once_each()
    {
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            AddDocuments(writer, 0, 20_000);
        }

        using var reader = DirectoryReader.Open(directory);
        var kept = new MeasuredCachingFilter(new QueryWrapperFilter(Range(0, 499)));
        Assert.Equal(0, kept.Bytes);
        Assert.Equal(10_000, new IndexSearcher(reader).Search(new ConstantScoreQuery(kept), 1).TotalHits);
        var bytes = kept.Bytes;
        Assert.InRange(bytes, 64, 20_000 / 8 * 4); // a compressed set: well under four bitsets of the segment
        Assert.Equal(10_000, new IndexSearcher(reader).Search(new ConstantScoreQuery(kept), 1).TotalHits);
        Assert.Equal(bytes, kept.Bytes);
    }

    [Fact]
    public void Distinct_queries_past_the_capacity_do_not_grow_the_cache()
    {
        var cache = new QueryCache();
        for (var i = 0; i < QueryCache.Capacity + 100; i++)
        {
            cache.Use(Range(i, i + 10));
            cache.Use(Range(i, i + 10));
        }

        Assert.Equal(QueryCache.Capacity, cache.Count);
    }

    private static void AddDocuments(IndexWriter writer, int from, int to)
    {
        for (var id = from; id < to; id++)
        {
            writer.AddDocument(new Document
            {
                new StringField("id", id.ToString(CultureInfo.InvariantCulture), Field.Store.NO),
                new StringField("parity", id % 2 == 0 ? "even" : "odd", Field.Store.NO),
                new Int64Field("duration_ms", id % 1_000, new Lucene.Net.Documents.FieldType(Int64Field.TYPE_NOT_STORED) { NumericPrecisionStep = IndexLayout.NumericPrecisionStep }),
            });
        }

        writer.Commit();
    }

    private static List<int> Matches(IndexReader reader, LuceneQuery query)
    {
        var searcher = new IndexSearcher(reader);
        var top = searcher.Search(query, null, reader.MaxDoc + 1, new Sort(SortField.FIELD_DOC));
        return top.ScoreDocs.Select(d => d.Doc).ToList();
    }
}
