using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The field sidebar's top values of a single-valued keyword come from the per-segment ordinal cache; over the whole
/// Django corpus they must equal what reading each document's sorted-set doc values counts.
/// </summary>
public sealed class TopValuesSegmentOrdinalsTests(DjangoCorpusFixture corpus) : IClassFixture<DjangoCorpusFixture>
{
    private static readonly string[] Queries = ["*", "log_level:ERROR", "log_level:INFO", "NOT logger:django.request"];

    [Fact]
    public async Task Counts_from_the_ordinal_cache_equal_the_doc_values_counts_for_every_keyword_of_the_corpus()
    {
        var all = await corpus.Store.GetFieldsAsync("thebot-logs-*");
        var fields = all
            .Where(f => f.Type is FieldType.Keyword or FieldType.Boolean && f.Name != LogSchema.Timestamp)
            .Select(f => f.Name)
            .ToList();
        Assert.Contains(LogSchema.Level, fields);

        using var readers = CommittedReaders.Open(corpus.Builder.Directory.Path);
        var searcher = new IndexSearcher(readers.Reader);
        var cached = 0;
        foreach (var field in fields)
        {
            // The cache only takes fields with at most one value a document; the others must come out the same anyway.
            cached += readers.Reader.Leaves.Count(leaf => SegmentOrdinals.Of(leaf.AtomicReader, field) is not null);
            foreach (var text in Queries)
            {
                var query = Parse(text, all);
                var fromCache = Count(searcher, query, field, useSegmentOrdinals: true);
                var fromDocValues = Count(searcher, query, field, useSegmentOrdinals: false);
                Assert.True(fromCache.Total > 0, $"{text} matched nothing");
                Assert.Equal(fromDocValues.Total, fromCache.Total);
                Assert.Equal(fromDocValues.WithField, fromCache.WithField);
                Assert.Equal(fromDocValues.Values, fromCache.Values);
            }
        }

        // Otherwise the comparisons above never went through the cache, or compared empty results, and could not fail.
        var errors = corpus.Records.Count(r => r.GetProperty("levelname").GetString() == "ERROR");
        Assert.True(errors > 0);
        Assert.Equal(errors, Count(searcher, Parse("log_level:ERROR", all), LogSchema.Level, useSegmentOrdinals: true).Total);
        Assert.True(cached > 0, "no keyword of the corpus was read from the ordinal cache");
        Assert.NotNull(readers.Reader.Leaves.Select(l => SegmentOrdinals.Of(l.AtomicReader, LogSchema.Level)).FirstOrDefault(o => o is not null));
    }

    [Fact]
    public async Task The_stores_top_values_of_the_level_equal_the_doc_values_counts_and_the_file()
    {
        var top = await corpus.Store.TopValuesAsync(new TopValuesRequest(new LogQuery("thebot-logs-*", null, null, null), LogSchema.Level, 10));

        using var readers = CommittedReaders.Open(corpus.Builder.Directory.Path);
        var old = Count(new IndexSearcher(readers.Reader), new MatchAllDocsQuery(), LogSchema.Level, useSegmentOrdinals: false);
        Assert.Equal(old.Values, top.Values.Select(v => KeyValuePair.Create(v.Value, v.Count)).ToList());
        Assert.Equal(old.Total, top.Total);

        var byLevel = corpus.Records.GroupBy(r => r.GetProperty("levelname").GetString()!).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(byLevel.OrderBy(p => p.Key, StringComparer.Ordinal), top.Values.ToDictionary(v => v.Value, v => v.Count).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static (long Total, long WithField, IReadOnlyList<KeyValuePair<string, long>> Values) Count(IndexSearcher searcher, LuceneQuery query, string field, bool useSegmentOrdinals)
    {
        var collector = new TopValuesCollector(field, FieldType.Keyword, sampleSize: null, useSegmentOrdinals);
        searcher.Search(query, collector);
        var values = collector.Result();
        return (collector.Total, collector.WithField, values);
    }

    /// <summary>The store's own parser, so the queries match what they match in Discover.</summary>
    private static LuceneQuery Parse(string text, IReadOnlyList<LogField> fields) =>
        LogQueryParser.Parse(text, new FieldTypes(fields), DateTimeOffset.UtcNow);

    private sealed class FieldTypes(IReadOnlyList<LogField> fields) : IFieldTypes
    {
        public FieldType? TypeOf(string field) => fields.FirstOrDefault(f => f.Name == field)?.Type;
    }

    /// <summary>Every committed index under the store's data folder, read together as the store's searcher reads them.</summary>
    private sealed class CommittedReaders : IDisposable
    {
        private readonly List<Lucene.Net.Store.Directory> _directories;

        private CommittedReaders(List<Lucene.Net.Store.Directory> directories, MultiReader reader)
        {
            _directories = directories;
            Reader = reader;
        }

        public MultiReader Reader { get; }

        public static CommittedReaders Open(string dataPath)
        {
            var directories = System.IO.Directory.EnumerateFiles(dataPath, "segments_*", SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName).Distinct().Select(p => (Lucene.Net.Store.Directory)FSDirectory.Open(p!)).ToList();
            Assert.NotEmpty(directories);
            var readers = directories.Select(d => (IndexReader)DirectoryReader.Open(d)).ToArray();
            return new CommittedReaders(directories, new MultiReader(readers, closeSubReaders: true));
        }

        public void Dispose()
        {
            Reader.Dispose();
            foreach (var directory in _directories)
            {
                directory.Dispose();
            }
        }
    }
}
