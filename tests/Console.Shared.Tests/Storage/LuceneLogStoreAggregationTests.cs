using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>Aggregations over small hand-made stores: multi-valued fields, fields that exist nowhere, and every refusal.</summary>
public class LuceneLogStoreAggregationTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly StoreBuilder _builder = new();

    public void Dispose() => _builder.Dispose();

    private static LogQuery Query(string? q = null) => new("thebot-logs-*", q, Start, Start.AddHours(1));

    private async Task<LuceneLogStore> Tagged()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-23T10:00:01Z","message":"a","tags":["x","y"],"bytes":10,"user_id":"7"}""",
            """{"@timestamp":"2026-11-23T10:00:02Z","message":"b","tags":["x"],"bytes":20,"user_id":"7"}""",
            """{"@timestamp":"2026-11-23T10:10:00Z","message":"c","tags":["z"],"bytes":40,"user_id":"8"}""",
            """{"@timestamp":"2026-11-23T10:20:00Z","message":"d","bytes":"30","user_id":"9"}""",
            """{"@timestamp":"2026-11-23T10:20:00Z","message":"e","enabled":true}""",
        ]);
        return store;
    }

    [Fact]
    public async Task A_multi_valued_keyword_counts_each_event_once_per_value_and_the_rest_per_value()
    {
        var store = await Tagged();
        var result = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Sum("bytes"), Split: new FieldSplit("tags", 1)));

        var x = Assert.Single(result.Split!.Values);
        Assert.Equal(("x", 2L, 30.0), (x.Key, x.Count, x.Metric.Value!.Value));
        Assert.Equal(2, result.Split.OtherCount); // y and z
        Assert.Equal(2, result.Split.MissingCount); // d and e
        Assert.Equal(5, result.Total);
        Assert.Equal(100, result.Metric.Value); // "30" given as a string to a long field is indexed as 30
        Assert.Equal(3, (await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Cardinality("tags")))).Metric.Value);
    }

    [Fact]
    public async Task A_numeric_split_without_an_interval_splits_by_value_ties_by_value()
    {
        var store = await Tagged();
        var result = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("bytes", 3)));

        Assert.Equal(["10", "20", "30"], result.Split!.Values.Select(v => v.Key));
        Assert.Equal(1, result.Split.OtherCount);
        Assert.Equal(1, result.Split.MissingCount);
    }

    [Fact]
    public async Task Min_and_max_of_the_timestamp_are_the_first_and_last_event()
    {
        var store = await Tagged();
        var min = await store.AggregateAsync(new AggregationRequest(Query("user_id:7"), AggregationMetric.Min("@timestamp")));
        var max = await store.AggregateAsync(new AggregationRequest(Query("user_id:7"), AggregationMetric.Max("@timestamp")));

        Assert.Equal(Start.AddSeconds(1).ToUnixTimeMilliseconds(), min.Metric.Value);
        Assert.Equal(Start.AddSeconds(2).ToUnixTimeMilliseconds(), max.Metric.Value);
    }

    [Fact]
    public async Task A_zero_is_a_value_and_an_event_without_the_field_is_not()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-23T10:00:01Z","message":"a","bytes":0,"ratio":0.0}""",
            """{"@timestamp":"2026-11-23T10:00:02Z","message":"b","bytes":8,"ratio":0.5}""",
            """{"@timestamp":"2026-11-23T10:00:03Z","message":"c"}""",
        ]);

        Assert.Equal(4, (await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Avg("bytes")))).Metric.Value);
        Assert.Equal(0, (await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Min("ratio")))).Metric.Value);
        var split = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("bytes", 5)));
        Assert.Equal(["0", "8"], split.Split!.Values.Select(v => v.Key));
        Assert.Equal(1, split.Split.MissingCount);
    }

    [Fact]
    public async Task A_count_split_adds_segments_counted_at_once_and_segments_replayed_alike()
    {
        // 2000 one-second buckets: the first segment's 40 values make 80,000 cells, too many to count at once, so its
        // documents are replayed; the second segment's 10 values (20,000 cells) are counted as they are collected.
        var store = _builder.Open();
        var events = new List<(DateTimeOffset Time, string? User)>();
        for (var i = 0; i < 400; i++)
        {
            events.Add((Start.AddSeconds(i * 5 % 2000), $"u{i % 40}"));
        }

        await _builder.IndexAsync(store, events.Select(e => $$"""{"@timestamp":"{{e.Time:O}}","message":"m","user_id":"{{e.User}}"}"""));
        var second = new List<(DateTimeOffset Time, string? User)>();
        for (var i = 0; i < 150; i++)
        {
            second.Add((Start.AddSeconds(i * 13 % 2000), i % 15 == 0 ? null : $"u{i % 10}"));
        }

        await _builder.IndexAsync(store, second.Select(e => e.User is null
            ? $$"""{"@timestamp":"{{e.Time:O}}","message":"m"}"""
            : $$"""{"@timestamp":"{{e.Time:O}}","message":"m","user_id":"{{e.User}}"}"""));
        events.AddRange(second);

        var query = new LogQuery("thebot-logs-*", null, Start, Start.AddSeconds(1999));
        var result = await store.AggregateAsync(new AggregationRequest(query, AggregationMetric.Count, new DateHistogramSplit(TimeSpan.FromSeconds(1)), new FieldSplit("user_id", 3)));

        var top = events.Where(e => e.User is not null).GroupBy(e => e.User!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(3).Select(g => g.Key).ToList();
        Assert.Equal(top, result.Split!.Values.Select(v => v.Key));
        Assert.Equal(events.Count, result.Total);
        Assert.Equal(events.Count(e => e.User is null), result.Split.MissingCount);
        Assert.Equal(2000, result.Buckets.Count);
        foreach (var bucket in result.Buckets)
        {
            var inBucket = events.Where(e => e.Time == bucket.Start).ToList();
            Assert.Equal(inBucket.Count, bucket.Count);
            Assert.Equal(top.Select(k => (long)inBucket.Count(e => e.User == k)), bucket.Split!.Values.Select(v => v.Count));
            Assert.Equal(inBucket.Count(e => e.User is not null && !top.Contains(e.User)), bucket.Split.OtherCount);
            Assert.Equal(inBucket.Count(e => e.User is null), bucket.Split.MissingCount);
        }
    }

    [Fact]
    public async Task A_field_no_event_has_is_missing_everywhere()
    {
        var store = await Tagged();
        var result = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Avg("no_such_field"),
            new DateHistogramSplit(TimeSpan.FromMinutes(15)), new FieldSplit("nor_this", 5)));

        Assert.Equal(5, result.Total);
        Assert.Null(result.Metric.Value);
        Assert.Empty(result.Split!.Values);
        Assert.Equal(5, result.Split.MissingCount);
        Assert.Equal([3L, 2L, 0L, 0L, 0L], result.Buckets.Select(b => b.Split!.MissingCount));
    }

    [Fact]
    public async Task A_date_histogram_with_an_offset_cuts_its_buckets_that_far_from_the_epochs_grid()
    {
        var store = await Tagged();
        var result = await store.AggregateAsync(new AggregationRequest(Query(), AggregationMetric.Count, new DateHistogramSplit(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5))));

        Assert.Equal(Start.AddMinutes(-5), result.Buckets[0].Start);
        Assert.All(result.Buckets, b => Assert.Equal(5, b.Start.Minute % 10));
        Assert.Equal([2L, 1L, 2L, 0L, 0L, 0L, 0L], result.Buckets.Select(b => b.Count));
    }

    [Fact]
    public async Task No_matching_index_gives_an_empty_result_with_every_bucket()
    {
        var store = await Tagged();
        var query = new LogQuery("nginx-*", null, Start, Start.AddHours(1));
        var result = await store.AggregateAsync(new AggregationRequest(query, AggregationMetric.Count, new DateHistogramSplit(TimeSpan.FromMinutes(15))));

        Assert.Equal(0, result.Total);
        Assert.Equal(5, result.Buckets.Count);
        Assert.All(result.Buckets, b => Assert.Equal(0, b.Count));
    }

    [Fact]
    public async Task A_histogram_without_an_end_runs_to_now_and_counts_nothing_after_it()
    {
        var store = _builder.Open();
        _builder.Clock.Now = Start.AddMinutes(30);
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-23T10:10:00Z","message":"before"}""",
            """{"@timestamp":"2026-11-23T10:50:00Z","message":"after now"}""",
        ]);
        var query = new LogQuery("thebot-logs-*", null, Start, null);
        var result = await store.AggregateAsync(new AggregationRequest(query, AggregationMetric.Count, new DateHistogramSplit(TimeSpan.FromMinutes(10))));

        Assert.Equal(1, result.Total);
        Assert.Equal(4, result.Buckets.Count);
        Assert.Equal(1, result.Buckets.Sum(b => b.Count));
    }

    public static TheoryData<AggregationRequest, string> Refusals => new()
    {
        { new AggregationRequest(Query(), new AggregationMetric((MetricKind)42, "bytes")), "unknown metric" },
        { new AggregationRequest(Query(), new AggregationMetric(MetricKind.Count, "bytes")), "count takes no field" },
        { new AggregationRequest(Query(), new AggregationMetric(MetricKind.Avg)), "avg needs a field" },
        { new AggregationRequest(Query(), AggregationMetric.Avg("message")), "message is a text field; avg needs a numeric field" },
        { new AggregationRequest(Query(), AggregationMetric.Sum("enabled")), "enabled is a boolean field; sum needs a numeric field" },
        { new AggregationRequest(Query(), AggregationMetric.Cardinality("message")), "full-text field" },
        { new AggregationRequest(Query(), AggregationMetric.PercentilesOf("bytes", 50, 101)), "percent 101 is not between 0 and 100" },
        { new AggregationRequest(Query(), new AggregationMetric(MetricKind.Max, "bytes", [50])), "percents apply to percentiles" },
        { new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("tags", 0)), "split size must be between 1 and 1000" },
        { new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("@timestamp")), "use the date histogram" },
        { new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("message")), "full-text field" },
        { new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("tags", 5, 10)), "a split by interval needs a numeric field" },
        { new AggregationRequest(Query(), AggregationMetric.Count, Split: new FieldSplit("bytes", 5, -1)), "positive number" },
        { new AggregationRequest(Query() with { From = null }, AggregationMetric.Count, new DateHistogramSplit()), "needs a start time" },
        { new AggregationRequest(Query(), AggregationMetric.Count, new DateHistogramSplit(TimeSpan.FromSeconds(1))), "3601 buckets" },
        { new AggregationRequest(Query(), AggregationMetric.Count, new DateHistogramSplit(TimeSpan.FromSeconds(2)), new FieldSplit("tags", 100)), "at most 65536" },
        { new AggregationRequest(Query("message:("), AggregationMetric.Count), "" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_request_the_store_cannot_answer_is_refused_with_the_reason(AggregationRequest request, string reason)
    {
        var store = await Tagged();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.AggregateAsync(request));
        Assert.True(error is StoreRequestException or Console.Shared.Query.QuerySyntaxException, error.ToString());
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_levels_over_time_match_the_manifest_of_the_django_log()
    {
        using var fixture = new StoreBuilder();
        var store = fixture.Open();
        await fixture.IndexAsync(store, await File.ReadAllLinesAsync(Corpus.PathOf(DjangoCorpusFixture.File)));
        var query = new LogQuery("thebot-logs-*", null, new DateTimeOffset(2026, 11, 23, 23, 14, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 23, 16, 0, TimeSpan.Zero));
        var result = await store.AggregateAsync(new AggregationRequest(query, AggregationMetric.Count, new DateHistogramSplit(), new FieldSplit("log_level", 5)));

        var truth = Corpus.Truth(DjangoCorpusFixture.File).GetProperty("by_level");
        Assert.Equal(truth.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()), result.Split!.Values.ToDictionary(v => v.Key, v => v.Count));
        Assert.Equal(TimeSpan.FromSeconds(5), result.Interval);
        foreach (var level in result.Split.Values.Select((v, i) => (v.Key, i)))
        {
            Assert.Equal(truth.GetProperty(level.Key).GetInt64(), result.Buckets.Sum(b => b.Split!.Values[level.i].Count));
        }
    }
}
