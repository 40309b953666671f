using Console.Shared.Events;
using SchemaFieldType = Console.Shared.Events.FieldType;
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

namespace Console.Shared.Tests.Query;

/// <summary>
/// A regular expression on <c>message</c> runs over the raw message terms: the same matches as Lucene's RegexpQuery, a term
/// walk that stops soon after the search is cancelled, and one walk per segment however many passes and searches repeat
/// the pattern.
/// </summary>
public sealed class RawMessageRegexQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One segment of <paramref name="count"/> distinct messages (every third deleted when asked).</summary>
    private static DirectoryReader DistinctMessages(int count, bool deleteEveryThird = false)
    {
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            for (var i = 0; i < count; i++)
            {
                writer.AddDocument(new Document
                {
                    new StringField(LogSchema.IdField, i.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.NO),
                    new StringField(IndexLayout.RawMessage, $"{(i % 2 == 0 ? "GET" : "POST")} /api/orders/{i:D6} answered {(i % 5 == 0 ? 500 : 200)} in {i % 997} ms", Field.Store.NO),
                });
            }

            writer.ForceMerge(1);
            if (deleteEveryThird)
            {
                for (var i = 0; i < count; i += 3)
                {
                    writer.DeleteDocuments(new Term(LogSchema.IdField, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            writer.Commit();
        }

        return DirectoryReader.Open(directory);
    }

    private static Lucene.Net.Search.Query Parse(string text) => LogQueryParser.Parse(text, new NoFields(), Now);

    [Theory]
    [InlineData("message:/answered 500/")] // grep-like: anywhere in the message
    [InlineData("message:/^GET .*/")] // a literal prefix
    [InlineData("message:/^POST \\/api\\/orders\\/000013 answered 200 in 13 ms$/")] // one whole message
    [InlineData("message:/^(GET|POST) \\/api\\/orders\\/0000[0-4][0-9] .*9 ms$/")]
    [InlineData("message:/.*/")] // every message
    [InlineData("message:/never logged/")]
    public void Matches_the_same_messages_as_Lucene_RegexpQuery_with_deletions_applied(string text)
    {
        using var reader = DistinctMessages(3_000, deleteEveryThird: true);
        var searcher = new IndexSearcher(reader);
        var query = Assert.IsType<RawMessageRegexQuery>(Parse(text));
        var lucene = new RegexpQuery(new Term(IndexLayout.RawMessage, query.ToString(IndexLayout.RawMessage).Trim('/')));

        var expected = searcher.Search(lucene, 1).TotalHits;
        Assert.Equal(expected, searcher.Search(query, 1).TotalHits);
        Assert.Equal(expected, searcher.Search(query, 1).TotalHits); // the kept matches still leave the deleted documents out
    }

    [Fact]
    public void A_term_walk_stops_within_one_check_interval_of_the_cancellation()
    {
        // A pattern that matches none of 50,000 distinct messages walks every term of the segment; the search is
        // cancelled (as the timeout would) after 1,000 terms.
        using var reader = DistinctMessages(50_000);
        var counting = new TermWalkCountingReader(reader.Leaves[0].AtomicReader, cancelAfter: 1_000);
        var searcher = new CancellableIndexSearcher(counting);

        using (QueryCancellation.Enter(TimeSpan.FromHours(1), counting.Cancellation.Token))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => searcher.Search(Parse("message:/.*answered 302.*/"), new TotalHitCountCollector()));
        }

        Assert.True(counting.Cancellation.IsCancellationRequested, "the walk never reached the cancellation");
        Assert.InRange(counting.StepsAfterCancellation, 0, CancellableTermsEnum.CheckInterval);

        // The control, what this query replaced: Lucene's RegexpQuery walks the same terms (through this reader's
        // enumeration too) without looking at the cancellation, so it reads the other 49,000 before the search sees it.
        var plain = new TermWalkCountingReader(reader.Leaves[0].AtomicReader, cancelAfter: 1_000);
        var lucene = new RegexpQuery(new Term(IndexLayout.RawMessage, ".*answered 302.*"));
        using (QueryCancellation.Enter(TimeSpan.FromHours(1), plain.Cancellation.Token))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => new CancellableIndexSearcher(plain).Search(lucene, new TotalHitCountCollector()));
        }

        Assert.InRange(plain.StepsAfterCancellation, 48_000, 50_000);
    }

    [Fact]
    public void The_terms_are_walked_once_however_many_passes_the_search_makes()
    {
        using var reader = DistinctMessages(5_000);
        var counting = new TermWalkCountingReader(reader.Leaves[0].AtomicReader, cancelAfter: int.MaxValue);
        var searcher = new IndexSearcher(counting);
        var query = Parse("message:/answered 500/");

        var total = new TotalHitCountCollector();
        searcher.Search(query, total);
        var oneWalk = counting.Steps;
        var page = searcher.Search(query, null, 10, new Sort(SortField.FIELD_DOC));
        searcher.Search(query, new TotalHitCountCollector());

        Assert.Equal(1_000, total.TotalHits);
        Assert.Equal(1_000, page.TotalHits);
        Assert.InRange(oneWalk, 5_000, 5_100);
        Assert.Equal(oneWalk, counting.Steps);
    }

    [Fact]
    public void A_repeated_pattern_walks_a_segment_once_across_searches_and_still_sees_later_deletions_and_segments()
    {
        var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()));
        void Add(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                writer.AddDocument(new Document
                {
                    new StringField(LogSchema.IdField, i.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.NO),
                    new StringField(IndexLayout.RawMessage, $"GET /api/carts/{i:D6} answered {(i % 4 == 0 ? 503 : 200)}", Field.Store.NO),
                });
            }

            writer.Commit();
        }

        Add(0, 4_000);
        using var first = DirectoryReader.Open(directory);
        var counting = new TermWalkCountingReader(first.Leaves[0].AtomicReader, cancelAfter: int.MaxValue);
        const string Text = "message:/carts.*answered 503/";

        Assert.Equal(1_000, new IndexSearcher(counting).Search(Parse(Text), 1).TotalHits);
        var oneWalk = counting.Steps;
        Assert.InRange(oneWalk, 1, 4_100);

        // Another search, another parse of the same text (as Discover's refresh, its histogram or an alert rule make).
        Assert.Equal(1_000, new IndexSearcher(counting).Search(Parse(Text), 1).TotalHits);
        Assert.Equal(oneWalk, counting.Steps);

        // The control: another pattern walks the segment again.
        Assert.Equal(3_000, new IndexSearcher(counting).Search(Parse("message:/carts.*answered 200/"), 1).TotalHits);
        Assert.True(counting.Steps > oneWalk, "a different pattern must walk the terms again");

        // Deletions made after the matches were kept are applied; a new segment's messages are found.
        writer.DeleteDocuments(new Term(LogSchema.IdField, "0"), new Term(LogSchema.IdField, "4"), new Term(LogSchema.IdField, "1"));
        Add(4_000, 4_400);
        using var second = DirectoryReader.OpenIfChanged(first)!;
        Assert.Equal(2, second.Leaves.Count);
        Assert.Equal(1_000 - 2 + 100, new IndexSearcher(second).Search(Parse(Text), 1).TotalHits);
        Assert.Equal(1_000, new IndexSearcher(first).Search(Parse(Text), 1).TotalHits); // the older view is unchanged
    }

    private sealed class NoFields : IFieldTypes
    {
        public SchemaFieldType? TypeOf(string field) => null;
    }
}
