using System.Text.Json;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// Numbers are sorted doc values in indices created with mapping version 2 and numeric doc values in older ones; both
/// must answer every numeric query, aggregation and top-values request the same.
/// </summary>
public class NumberDocValuesMappingTests : IDisposable
{
    private const string DailyIndex = "thebot-logs-2026.11.23";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Events =
    [
        """{"@timestamp":"2026-11-23T10:00:01Z","message":"a","bytes":10,"duration_ms":1.5,"seen":"2026-11-20T00:00:00Z","status":200}""",
        """{"@timestamp":"2026-11-23T10:00:02Z","message":"b","bytes":-20,"duration_ms":-0.25,"status":200}""",
        """{"@timestamp":"2026-11-23T10:10:00Z","message":"c","bytes":0,"duration_ms":0,"seen":"2026-11-22T00:00:00Z","status":500}""",
        """{"@timestamp":"2026-11-23T10:20:00Z","message":"d","bytes":"30","status":404}""",
        """{"@timestamp":"2026-11-23T10:20:00Z","message":"e","bytes":[7,8],"duration_ms":1e300}""",
        """{"@timestamp":"2026-11-23T10:30:00Z","message":"f"}""",
        """{"@timestamp":"2026-11-23T10:40:00Z","message":"g","bytes":9223372036854775807,"duration_ms":1.5,"status":200}""",
    ];

    private readonly StoreBuilder _current = new();
    private readonly StoreBuilder _legacy = new();

    public void Dispose()
    {
        _current.Dispose();
        _legacy.Dispose();
    }

    [Fact]
    public async Task A_new_index_records_mapping_version_2_and_keeps_numbers_as_sorted_doc_values()
    {
        var store = _current.Open();
        await _current.IndexAsync(store, Events);
        store.Dispose();

        var (version, types) = Inspect(_current, DailyIndex);
        Assert.Equal("2", version);
        Assert.Equal(DocValuesType.SORTED, types["bytes"]);
        Assert.Equal(DocValuesType.SORTED, types["duration_ms"]);
        Assert.Equal(DocValuesType.SORTED_SET, types["seen"]); // a date in a string is a keyword at first sight, as in Elasticsearch without date detection
        Assert.Equal(DocValuesType.NUMERIC, types["@timestamp"]); // read by the time filter and the sort
    }

    [Fact]
    public async Task An_index_written_before_mapping_versions_stays_numeric_and_answers_like_a_new_one()
    {
        CreateEmptyLegacyIndex(_legacy, DailyIndex);
        var legacy = _legacy.Open();
        await _legacy.IndexAsync(legacy, Events[..4]);
        legacy.Dispose();
        legacy = _legacy.Open(); // reopened: an appending writer must not switch encodings (Lucene would refuse)
        await _legacy.IndexAsync(legacy, Events[4..]);
        var current = _current.Open();
        await _current.IndexAsync(current, Events);

        foreach (var request in AggregationRequests())
        {
            Assert.Equal(Render(await current.AggregateAsync(request)), Render(await legacy.AggregateAsync(request)));
        }

        foreach (var field in new[] { "bytes", "duration_ms", "status" })
        {
            var request = new TopValuesRequest(Query(), field, Size: 10);
            Assert.Equal(Render(await current.TopValuesAsync(request)), Render(await legacy.TopValuesAsync(request)));
        }

        foreach (var q in new[] { "_exists_:bytes", "duration_ms:*", "bytes:[0 TO 30]", "duration_ms:>1", "seen:[2026-11-21 TO *]", "NOT _exists_:status" })
        {
            Assert.Equal(await current.CountAsync(Query(q)), await legacy.CountAsync(Query(q)));
        }

        legacy.Dispose();
        var (version, types) = Inspect(_legacy, DailyIndex);
        Assert.Null(version);
        Assert.Equal(DocValuesType.NUMERIC, types["bytes"]);
        Assert.Equal(DocValuesType.NUMERIC, types["duration_ms"]);
    }

    [Fact]
    public async Task Numbers_in_sorted_doc_values_aggregate_exactly()
    {
        var store = _current.Open();
        await _current.IndexAsync(store, Events);

        var sum = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Sum("duration_ms")));
        Assert.Equal(1.5 - 0.25 + 0 + 1e300 + 1.5, sum.Metric.Value);
        var min = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Min("bytes")));
        Assert.Equal(-20, min.Metric.Value);
        var max = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Max("bytes")));
        Assert.Equal(long.MaxValue, max.Metric.Value);
        var split = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("status", 2)));
        Assert.Equal([("200", 3L), ("404", 1L)], split.Split!.Values.Select(v => (v.Key, v.Count)));
        Assert.Equal(1, split.Split.OtherCount);
        Assert.Equal(2, split.Split.MissingCount);
    }

    private static IEnumerable<AggregationRequest> AggregationRequests()
    {
        foreach (var field in new[] { "bytes", "duration_ms", "status" })
        {
            yield return new AggregationRequest(Query(), AggregationMetric.Avg(field));
            yield return new AggregationRequest(Query(), AggregationMetric.Sum(field));
            yield return new AggregationRequest(Query(), AggregationMetric.Min(field));
            yield return new AggregationRequest(Query(), AggregationMetric.Max(field));
            yield return new AggregationRequest(Query(), AggregationMetric.Cardinality(field));
            yield return new AggregationRequest(Query(), AggregationMetric.PercentilesOf(field, 50, 95));
            yield return new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit(field, 3));
            yield return new AggregationRequest(Query(), AggregationMetric.Avg("bytes"), Split: new FieldSplit(field, 5));
        }

        yield return new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("status", 5, Interval: 100));
        yield return new AggregationRequest(Query(), AggregationMetric.Sum("bytes"), Split: new FieldSplit("duration_ms", 5, Interval: 1));
    }

    private static LogQuery Query(string? q = null) => new("thebot-logs-*", q, Start, Start.AddHours(1));

    private static string Render(object result) => JsonSerializer.Serialize(result);

    /// <summary>An index as the store before mapping versions created it: a first commit without commit data.</summary>
    private static void CreateEmptyLegacyIndex(StoreBuilder builder, string name)
    {
        using var directory = FSDirectory.Open(Path.Combine(builder.Directory.Path, "indices", name));
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()));
        writer.Commit();
    }

    private static (string? Version, Dictionary<string, DocValuesType> Types) Inspect(StoreBuilder builder, string name)
    {
        using var directory = FSDirectory.Open(Path.Combine(builder.Directory.Path, "indices", name));
        using var reader = DirectoryReader.Open(directory);
        var version = reader.IndexCommit.UserData.TryGetValue(LuceneIndex.MappingVersionKey, out var text) ? text : null;
        var types = new Dictionary<string, DocValuesType>(StringComparer.Ordinal);
        foreach (var leaf in reader.Leaves)
        {
            foreach (var info in leaf.AtomicReader.FieldInfos)
            {
                if (info.HasDocValues)
                {
                    types[info.Name] = info.DocValuesType;
                }
            }
        }

        return (version, types);
    }
}
