using Console.Shared.Storage;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>Aggregations over the real nginx access log, checked against the manifest and against the file read by the test itself.</summary>
public class LuceneLogStoreAggregationCorpusTests(NginxCorpusFixture corpus) : IClassFixture<NginxCorpusFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static LogQuery Range(string? q = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        new(NginxCorpusFixture.Pattern, q, from ?? Start, to ?? End);

    private Task<AggregationResult> Aggregate(AggregationMetric metric, LogQuery? query = null, DateHistogramSplit? histogram = null, FieldSplit? split = null) =>
        corpus.Store.AggregateAsync(new AggregationRequest(query ?? Range(), metric, histogram, split));

    /// <summary>The oracle: sorts a copy and interpolates between the two closest ranks.</summary>
    private static double ExpectedPercentile(IEnumerable<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        var position = (sorted.Length - 1) * percent / 100;
        var below = (int)position;
        var fraction = position - below;
        return below + 1 < sorted.Length ? sorted[below] * (1 - fraction) + sorted[below + 1] * fraction : sorted[below];
    }

    private static void Close(double expected, double? actual)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(expected - actual.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
    }

    [Fact]
    public async Task Count_per_status_class_matches_the_manifest()
    {
        var truth = Corpus.Truth(NginxCorpusFixture.File);
        var result = await Aggregate(AggregationMetric.Count, split: new FieldSplit("http.status_code", 10, Interval: 100));

        Assert.Equal(truth.GetProperty("requests").GetInt64(), result.Total);
        var byClass = result.Split!.Values.ToDictionary(v => v.Key, v => v.Count);
        var expected = truth.GetProperty("by_status").EnumerateObject()
            .GroupBy(s => (int.Parse(s.Name, System.Globalization.CultureInfo.InvariantCulture) / 100 * 100).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value.GetInt64()));
        Assert.Equal(expected, byClass);
        Assert.Equal(truth.GetProperty("status_5xx").GetInt64(), byClass["500"]);
        Assert.Equal(truth.GetProperty("status_4xx").GetInt64(), byClass["400"]);
        Assert.Equal(["200", "400", "500"], result.Split.Values.Select(v => v.Key)); // largest first
        Assert.All(result.Split.Values, v => Assert.Equal(v.Count, v.Metric.Value));
        Assert.Equal(0, result.Split.OtherCount);
        Assert.Equal(0, result.Split.MissingCount);
    }

    [Fact]
    public async Task Terms_give_the_top_values_and_the_count_of_the_rest()
    {
        var byIp = corpus.Requests.GroupBy(r => r.ClientIp).Select(g => (Key: g.Key, Count: (long)g.Count()))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var result = await Aggregate(AggregationMetric.Count, split: new FieldSplit("client.ip", 5));

        Assert.Equal(byIp.Take(5).Select(p => (p.Key, p.Count)), result.Split!.Values.Select(v => (v.Key, v.Count)));
        Assert.Equal(byIp.Skip(5).Sum(p => p.Count), result.Split.OtherCount);
        Assert.Equal(corpus.Requests.Count, result.Split.Values.Sum(v => v.Count) + result.Split.OtherCount);
    }

    [Fact]
    public async Task Cardinality_of_client_ips_matches_the_manifest_and_per_bucket_the_file()
    {
        var truth = Corpus.Truth(NginxCorpusFixture.File);
        var result = await Aggregate(AggregationMetric.Cardinality("client.ip"), histogram: new DateHistogramSplit(TimeSpan.FromSeconds(5)));

        Assert.Equal(truth.GetProperty("distinct_client_ips").GetInt32(), result.Metric.Value);
        foreach (var bucket in result.Buckets)
        {
            var expected = corpus.Requests.Where(r => r.Time >= bucket.Start && r.Time < bucket.Start.AddSeconds(5)).Select(r => r.ClientIp).Distinct().Count();
            Assert.Equal(expected, bucket.Metric.Value);
        }

        Assert.Contains(result.Buckets, b => b.Metric.Value > 1);
    }

    [Fact]
    public async Task Percentiles_of_the_duration_match_the_file()
    {
        var durations = corpus.Requests.Select(r => r.DurationMs).ToList();
        var result = await Aggregate(AggregationMetric.PercentilesOf("duration_ms", 50, 95, 99, 100));

        Assert.Null(result.Metric.Value);
        Assert.Equal([50.0, 95, 99, 100], result.Metric.Percentiles.Select(p => p.Percent));
        foreach (var percentile in result.Metric.Percentiles)
        {
            Close(ExpectedPercentile(durations, percentile.Percent), percentile.Value);
        }

        Assert.Equal(durations.Max(), result.Metric.Percentiles[^1].Value);
        var slow = Corpus.Truth(NginxCorpusFixture.File).GetProperty("request_time_ge_1s").GetInt32();
        Assert.True(result.Metric.Percentiles[2].Value < 1000 == slow < durations.Count / 100, "p99 lies below 1 s exactly when under 1% of requests take 1 s or more");
    }

    [Theory]
    [InlineData(MetricKind.Avg)]
    [InlineData(MetricKind.Sum)]
    [InlineData(MetricKind.Min)]
    [InlineData(MetricKind.Max)]
    public async Task Avg_sum_min_max_of_the_duration_match_the_file_per_method(MetricKind kind)
    {
        Func<IEnumerable<double>, double> oracle = kind switch
        {
            MetricKind.Avg => v => v.Average(),
            MetricKind.Sum => v => v.Sum(),
            MetricKind.Min => v => v.Min(),
            _ => v => v.Max(),
        };
        var result = await Aggregate(new AggregationMetric(kind, "duration_ms"), split: new FieldSplit("http.method", 10));

        Close(oracle(corpus.Requests.Select(r => r.DurationMs)), result.Metric.Value);
        Assert.Equal(4, result.Split!.Values.Count);
        foreach (var method in result.Split.Values)
        {
            Close(oracle(corpus.Requests.Where(r => r.Method == method.Key).Select(r => r.DurationMs)), method.Metric.Value);
        }
    }

    [Fact]
    public async Task Split_histogram_adds_up_to_the_plain_histogram_and_each_series_matches_the_file()
    {
        var interval = TimeSpan.FromSeconds(2);
        var plain = await corpus.Store.HistogramAsync(new HistogramRequest(Range(), interval));
        var split = await Aggregate(AggregationMetric.Count, histogram: new DateHistogramSplit(interval), split: new FieldSplit("http.method", 2));

        Assert.Equal(interval, split.Interval);
        Assert.Equal(plain.Total, split.Total);
        Assert.Equal(plain.Buckets.Select(b => (b.Start, b.Count)), split.Buckets.Select(b => (b.Start, b.Count)));
        Assert.Equal(["GET", "POST"], split.Split!.Values.Select(v => v.Key));
        Assert.Equal(corpus.Requests.Count(r => r.Method is "PUT" or "DELETE"), split.Split.OtherCount);
        foreach (var bucket in split.Buckets)
        {
            var inBucket = corpus.Requests.Where(r => r.Time >= bucket.Start && r.Time < bucket.Start + interval).ToList();
            Assert.Equal(bucket.Count, bucket.Split!.Values.Sum(v => v.Count) + bucket.Split.OtherCount + bucket.Split.MissingCount);
            Assert.Equal(["GET", "POST"], bucket.Split.Values.Select(v => v.Key));
            Assert.Equal(inBucket.Count(r => r.Method == "GET"), bucket.Split.Values[0].Count);
            Assert.Equal(inBucket.Count(r => r.Method == "POST"), bucket.Split.Values[1].Count);
            Assert.Equal(inBucket.Count(r => r.Method is "PUT" or "DELETE"), bucket.Split.OtherCount);
        }

        // Each series summed over time is the split over the whole range.
        for (var k = 0; k < 2; k++)
        {
            Assert.Equal(split.Split.Values[k].Count, split.Buckets.Sum(b => b.Split!.Values[k].Count));
        }
    }

    [Fact]
    public async Task P95_per_status_class_per_bucket_matches_the_file()
    {
        var interval = TimeSpan.FromSeconds(10);
        var result = await Aggregate(AggregationMetric.PercentilesOf("duration_ms", 95), histogram: new DateHistogramSplit(interval),
            split: new FieldSplit("http.status_code", 3, 100));

        foreach (var bucket in result.Buckets)
        {
            var inBucket = corpus.Requests.Where(r => r.Time >= bucket.Start && r.Time < bucket.Start + interval).ToList();
            if (inBucket.Count > 0)
            {
                Close(ExpectedPercentile(inBucket.Select(r => r.DurationMs), 95), bucket.Metric.Percentiles[0].Value);
            }

            foreach (var statusClass in bucket.Split!.Values)
            {
                var durations = inBucket.Where(r => r.Status / 100 * 100 == int.Parse(statusClass.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(r => r.DurationMs).ToList();
                Assert.Equal(durations.Count, statusClass.Count);
                if (durations.Count == 0)
                {
                    Assert.Null(statusClass.Metric.Percentiles[0].Value);
                }
                else
                {
                    Close(ExpectedPercentile(durations, 95), statusClass.Metric.Percentiles[0].Value);
                }
            }
        }
    }

    [Fact]
    public async Task A_time_range_that_cuts_segments_aggregates_only_the_events_inside_it()
    {
        var from = corpus.Requests[corpus.Requests.Count / 3].Time.AddMilliseconds(1);
        var to = corpus.Requests[corpus.Requests.Count * 2 / 3].Time;
        var inside = corpus.Requests.Where(r => r.Time >= from && r.Time <= to).ToList();
        Assert.InRange(inside.Count, 1, corpus.Requests.Count / 2);

        var all = await Aggregate(AggregationMetric.Avg("duration_ms"), Range(null, from, to));
        Assert.Equal(inside.Count, all.Total);
        Close(inside.Average(r => r.DurationMs), all.Metric.Value);

        var errors = await Aggregate(AggregationMetric.Cardinality("client.ip"), Range("http.status_code:>=400", from, to),
            new DateHistogramSplit(TimeSpan.FromSeconds(1)));
        Assert.Equal(inside.Count(r => r.Status >= 400), errors.Total);
        Assert.Equal(inside.Where(r => r.Status >= 400).Select(r => r.ClientIp).Distinct().Count(), errors.Metric.Value);
        Assert.Equal(errors.Total, errors.Buckets.Sum(b => b.Count));
    }

    [Fact]
    public async Task A_missing_field_is_skipped_by_the_metric_and_counted_by_the_split()
    {
        var upstream = corpus.Requests.Where(r => r.UpstreamSeconds is not null).Select(r => r.UpstreamSeconds!.Value).ToList();
        var noUpstream = Corpus.Truth(NginxCorpusFixture.File).GetProperty("no_upstream").GetInt64();
        Assert.Equal(noUpstream, corpus.Requests.Count - upstream.Count);

        var avg = await Aggregate(AggregationMetric.Avg("nginx.upstream.response_time"));
        Assert.Equal(corpus.Requests.Count, avg.Total);
        Close(upstream.Average(), avg.Metric.Value);

        var split = await Aggregate(AggregationMetric.Count, split: new FieldSplit("nginx.upstream.response_time", 1000));
        Assert.Equal(noUpstream, split.Split!.MissingCount);
    }

    [Fact]
    public async Task Numbers_kept_as_strings_in_a_keyword_field_are_read_as_numbers()
    {
        var fields = await corpus.Store.GetFieldsAsync(NginxCorpusFixture.Pattern);
        Assert.Contains(fields, f => f is { Name: "request_time", Type: Console.Shared.Events.FieldType.Keyword });

        var seconds = corpus.Requests.Select(r => double.Parse(r.RequestTime, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Close(seconds.Average(), (await Aggregate(AggregationMetric.Avg("request_time"))).Metric.Value);
        Close(ExpectedPercentile(seconds, 95), (await Aggregate(AggregationMetric.PercentilesOf("request_time", 95))).Metric.Percentiles[0].Value);
    }

    [Fact]
    public async Task A_keyword_field_that_is_not_a_number_is_refused_for_avg_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<StoreRequestException>(() => Aggregate(AggregationMetric.Avg("http.method")));
        Assert.Contains("avg needs numbers", error.Message, StringComparison.Ordinal);
        Assert.Contains("http.method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_that_matches_nothing_gives_empty_buckets_and_empty_metrics()
    {
        var query = Range("http.status_code:999");
        var histogram = new DateHistogramSplit(TimeSpan.FromMinutes(10));
        var count = await Aggregate(AggregationMetric.Count, query, histogram, new FieldSplit("client.ip", 3));
        Assert.Equal(0, count.Total);
        Assert.Equal(0, count.Metric.Value);
        Assert.Equal(7, count.Buckets.Count);
        Assert.All(count.Buckets, b => Assert.Equal(0, b.Count));
        Assert.Empty(count.Split!.Values);
        Assert.Equal(0, count.Split.OtherCount);

        Assert.Null((await Aggregate(AggregationMetric.Avg("duration_ms"), query)).Metric.Value);
        Assert.Null((await Aggregate(AggregationMetric.Max("duration_ms"), query)).Metric.Value);
        Assert.Equal(0, (await Aggregate(AggregationMetric.Sum("duration_ms"), query)).Metric.Value);
        Assert.Equal(0, (await Aggregate(AggregationMetric.Cardinality("client.ip"), query)).Metric.Value);
        Assert.All((await Aggregate(AggregationMetric.PercentilesOf("duration_ms"), query)).Metric.Percentiles, p => Assert.Null(p.Value));
    }
}
