using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage.Elasticsearch.Client;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// Builds the aggregations of an <see cref="AggregationRequest"/> and reads Elasticsearch's answer into the result the
/// embedded store gives. The top split values must be known before every time bucket can list them, so a split with a
/// date histogram takes two searches: <see cref="WholeQuery"/> chooses the values (terms, or a histogram for a numeric
/// interval), then <see cref="PerTimeBucket"/> restricts each time bucket's split to them (terms <c>include</c>) and
/// counts the rest from a <c>value_count</c>, so <see cref="SplitResult.OtherCount"/> keeps sum_other_doc_count's meaning.
/// </summary>
internal sealed class ElasticsearchAggregationTranslator
{
    private const string MetricName = "metric";
    private const string SplitName = "split";
    private const string MissingName = "missing";
    private const string ValuesName = "values";
    private const string TimeName = "time";

    /// <summary>The runtime field a keyword holding numbers is read through: avg, sum, min, max and percentiles need numbers.</summary>
    private const string NumberField = "console_metric_number";

    private readonly AggregationMetric _metric;
    private readonly FieldType? _metricType;
    private readonly FieldSplit? _split;
    private readonly FieldType? _splitType;
    private readonly TimeBuckets? _time;

    public ElasticsearchAggregationTranslator(AggregationMetric metric, FieldType? metricType, FieldSplit? split, FieldType? splitType, TimeBuckets? time)
    {
        _metric = metric;
        _metricType = metricType;
        _split = split;
        _splitType = splitType;
        _time = time;
    }

    public MetricKind MetricKind => _metric.Kind;

    public string? MetricField => _metric.Field;

    /// <summary>True when the time buckets need a search of their own, after the split values are chosen.</summary>
    public bool NeedsSecondSearch => _split is not null && _time is not null;

    /// <summary>True when the metric reads a keyword field as numbers through a runtime field, which fails on a value that is not one.</summary>
    public bool ReadsKeywordNumbers =>
        _metric.Kind is not (MetricKind.Count or MetricKind.Cardinality) && _metricType == FieldType.Keyword && _metric.Field is not null;

    /// <summary>The runtime field of <see cref="ReadsKeywordNumbers"/>: each value of the keyword parsed as a double.</summary>
    public JsonObject? RuntimeMappings => !ReadsKeywordNumbers ? null : new JsonObject
    {
        [NumberField] = new JsonObject
        {
            ["type"] = "double",
            ["script"] = new JsonObject
            {
                ["source"] = "for (def v : doc[params.field]) { emit(Double.parseDouble(v)); }",
                ["params"] = new JsonObject { ["field"] = _metric.Field },
            },
        },
    };

    /// <summary>
    /// The aggregations of the first search: the metric over the whole query, the split (top values with the rest and the
    /// events without the field) and, when there is no split, the time buckets. Null when a count needs none.
    /// </summary>
    public JsonObject? WholeQuery()
    {
        var aggs = new JsonObject();
        AddMetric(aggs);
        if (_split is not null)
        {
            var choose = _split.Interval is { } interval
                ? new JsonObject { ["histogram"] = new JsonObject { ["field"] = _split.Field, ["interval"] = interval, ["min_doc_count"] = 1 } }
                : new JsonObject
                {
                    ["terms"] = new JsonObject
                    {
                        ["field"] = _split.Field,
                        ["size"] = _split.Size,
                        ["order"] = new JsonArray { new JsonObject { ["_count"] = "desc" }, new JsonObject { ["_key"] = "asc" } },
                    },
                };
            AddSubAggregations(choose);
            aggs[SplitName] = choose;
            aggs[MissingName] = Missing();
        }
        else if (_time is not null)
        {
            aggs[TimeName] = DateHistogram([]);
        }

        return aggs.Count == 0 ? null : aggs;
    }

    /// <summary>The aggregations of the second search: every time bucket with its metric and the split over the chosen values.</summary>
    public JsonObject PerTimeBucket(IReadOnlyList<SplitKey> top) => new() { [TimeName] = DateHistogram(top) };

    /// <summary>The metric of a bucket (or of the whole query) from its count and its aggregations; null aggregations read as an empty bucket.</summary>
    public MetricValue ReadMetric(long docCount, IReadOnlyDictionary<string, JsonElement>? aggregations)
    {
        if (_metric.Kind == MetricKind.Count)
        {
            return MetricValue.Of(docCount);
        }

        if (aggregations is null || !aggregations.ContainsKey(MetricName))
        {
            return EmptyMetric();
        }

        if (_metric.Kind == MetricKind.Percentiles)
        {
            var items = AggregationReader.Read<PercentilesAggregate>(aggregations, MetricName).Values;
            return new MetricValue(null, _metric.EffectivePercents
                .Select(p => new PercentileValue(p, items.FirstOrDefault(i => Math.Abs(i.Key - p) < 1e-9)?.Value))
                .ToList());
        }

        var value = AggregationReader.Read<ValueAggregate>(aggregations, MetricName).Value;
        return _metric.Kind is MetricKind.Sum or MetricKind.Cardinality ? MetricValue.Of(value ?? 0) : MetricValue.Of(value);
    }

    /// <summary>The split over the whole query and the values chosen for the time buckets, largest first, ties by value.</summary>
    public (SplitResult Split, IReadOnlyList<SplitKey> Top) ReadSplit(IReadOnlyDictionary<string, JsonElement>? aggregations)
    {
        if (aggregations is null || !aggregations.ContainsKey(SplitName))
        {
            return (new SplitResult([], 0, 0), []);
        }

        var split = AggregationReader.Read<BucketsAggregate>(aggregations, SplitName);
        var missing = AggregationReader.Read<SingleBucketAggregate>(aggregations, MissingName).DocCount;
        List<AggregateBucket> top;
        long other;
        if (_split!.Interval is null)
        {
            top = split.Buckets; // terms already orders by _count desc, _key asc and stops at size
            other = split.SumOtherDocCount;
        }
        else
        {
            var ordered = split.Buckets.OrderByDescending(b => b.DocCount).ThenBy(b => b.Key.GetDouble()).ToList();
            top = ordered.Take(_split.Size).ToList();
            other = ordered.Skip(_split.Size).Sum(b => b.DocCount);
        }

        var values = top.Select(b => new SplitValue(KeyText(b), b.DocCount, ReadMetric(b.DocCount, b.SubAggregations))).ToList();
        var keys = top.Select(b => new SplitKey(KeyText(b), b.KeyAsString ?? KeyText(b))).ToList();
        return (new SplitResult(values, other, missing), keys);
    }

    /// <summary>Every time bucket of the range, empty ones included, each listing the <paramref name="top"/> values in their order.</summary>
    public IReadOnlyList<AggregationBucket> ReadTimeBuckets(IReadOnlyDictionary<string, JsonElement>? aggregations, IReadOnlyList<SplitKey> top)
    {
        var time = _time!.Value;
        var found = new AggregateBucket?[time.Count];
        if (aggregations is not null && aggregations.ContainsKey(TimeName))
        {
            foreach (var bucket in AggregationReader.Read<BucketsAggregate>(aggregations, TimeName).Buckets)
            {
                var index = (bucket.Key.GetInt64() - time.OriginMillis) / time.IntervalMillis;
                if (index >= 0 && index < time.Count)
                {
                    found[index] = bucket;
                }
            }
        }

        var buckets = new List<AggregationBucket>(time.Count);
        for (var i = 0; i < time.Count; i++)
        {
            var bucket = found[i];
            var count = bucket?.DocCount ?? 0;
            var split = _split is null ? null : ReadBucketSplit(bucket, top);
            buckets.Add(new AggregationBucket(time.StartOf(i), count, ReadMetric(count, bucket?.SubAggregations), split));
        }

        return buckets;
    }

    private SplitResult ReadBucketSplit(AggregateBucket? bucket, IReadOnlyList<SplitKey> top)
    {
        var subs = bucket?.SubAggregations;
        var byKey = new Dictionary<string, AggregateBucket>(StringComparer.Ordinal);
        if (subs is not null && subs.ContainsKey(SplitName))
        {
            foreach (var value in AggregationReader.Read<BucketsAggregate>(subs, SplitName).Buckets)
            {
                byKey[KeyText(value)] = value;
            }
        }

        var values = top.Select(k => byKey.TryGetValue(k.Text, out var b)
            ? new SplitValue(k.Text, b.DocCount, ReadMetric(b.DocCount, b.SubAggregations))
            : new SplitValue(k.Text, 0, ReadMetric(0, null))).ToList();
        long other = 0, missing = 0;
        if (subs is not null)
        {
            missing = AggregationReader.Read<SingleBucketAggregate>(subs, MissingName).DocCount;
            var inTop = values.Sum(v => v.Count);
            if (_split!.Interval is null)
            {
                // Terms restricted to the top values say nothing of the rest: every value of the bucket minus theirs.
                var all = (long)(AggregationReader.Read<ValueAggregate>(subs, ValuesName).Value ?? 0);
                other = Math.Max(0, all - inTop);
            }
            else
            {
                other = byKey.Values.Sum(b => b.DocCount) - inTop;
            }
        }

        return new SplitResult(values, other, missing);
    }

    private JsonObject DateHistogram(IReadOnlyList<SplitKey> top)
    {
        var time = _time!.Value;
        var dateHistogram = new JsonObject
        {
            ["field"] = LogSchema.Timestamp,
            ["fixed_interval"] = time.IntervalMillis.ToString(CultureInfo.InvariantCulture) + "ms",
            ["min_doc_count"] = 0,
            ["extended_bounds"] = new JsonObject
            {
                ["min"] = time.OriginMillis,
                ["max"] = time.OriginMillis + ((time.Count - 1) * time.IntervalMillis),
            },
        };
        var offset = ((time.OriginMillis % time.IntervalMillis) + time.IntervalMillis) % time.IntervalMillis;
        if (offset != 0)
        {
            // Buckets not on the epoch's grid: Elasticsearch shifts its keys by the same offset.
            dateHistogram["offset"] = offset.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var histogram = new JsonObject { ["date_histogram"] = dateHistogram };
        var aggs = new JsonObject();
        AddMetric(aggs);
        if (_split is not null)
        {
            if (_split.Interval is { } interval)
            {
                // A histogram has no include: each bucket gives all its ranges and those outside the top are the rest.
                var ranges = new JsonObject { ["histogram"] = new JsonObject { ["field"] = _split.Field, ["interval"] = interval, ["min_doc_count"] = 1 } };
                AddSubAggregations(ranges);
                aggs[SplitName] = ranges;
            }
            else
            {
                if (top.Count > 0)
                {
                    var terms = new JsonObject
                    {
                        ["terms"] = new JsonObject
                        {
                            ["field"] = _split.Field,
                            ["size"] = top.Count,
                            ["include"] = new JsonArray(top.Select(k => (JsonNode?)JsonValue.Create(k.Include)).ToArray()),
                        },
                    };
                    AddSubAggregations(terms);
                    aggs[SplitName] = terms;
                }

                aggs[ValuesName] = new JsonObject { ["value_count"] = new JsonObject { ["field"] = _split.Field } };
            }

            aggs[MissingName] = Missing();
        }

        if (aggs.Count > 0)
        {
            histogram["aggs"] = aggs;
        }

        return histogram;
    }

    private JsonObject Missing() => new() { ["missing"] = new JsonObject { ["field"] = _split!.Field } };

    private void AddSubAggregations(JsonObject bucketAggregation)
    {
        var aggs = new JsonObject();
        AddMetric(aggs);
        if (aggs.Count > 0)
        {
            bucketAggregation["aggs"] = aggs;
        }
    }

    private void AddMetric(JsonObject aggs)
    {
        if (_metric.Kind == MetricKind.Count)
        {
            return;
        }

        var body = new JsonObject { ["field"] = ReadsKeywordNumbers ? NumberField : _metric.Field };
        if (_metric.Kind == MetricKind.Percentiles)
        {
            body["percents"] = new JsonArray(_metric.EffectivePercents.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
            body["keyed"] = false;
        }
        else if (_metric.Kind == MetricKind.Cardinality)
        {
            body["precision_threshold"] = 40_000; // the most Elasticsearch allows: counts below it are close to exact
        }

        aggs[MetricName] = new JsonObject { [AggregationRequests.NameOf(_metric.Kind)] = body };
    }

    private MetricValue EmptyMetric() => _metric.Kind switch
    {
        MetricKind.Sum or MetricKind.Cardinality => MetricValue.Of(0),
        MetricKind.Percentiles => new MetricValue(null, _metric.EffectivePercents.Select(p => new PercentileValue(p, null)).ToList()),
        _ => MetricValue.Of(null),
    };

    /// <summary>A split value as the embedded store writes it: a date as an ISO timestamp, a double or a range's lower bound in round-trip form.</summary>
    private string KeyText(AggregateBucket bucket)
    {
        var key = bucket.Key;
        if (key.ValueKind == JsonValueKind.String)
        {
            return key.GetString()!;
        }

        if (key.ValueKind != JsonValueKind.Number)
        {
            return key.GetRawText();
        }

        if (_split!.Interval is not null || _splitType == FieldType.Double)
        {
            return key.GetDouble().ToString("R", CultureInfo.InvariantCulture);
        }

        return _splitType switch
        {
            FieldType.Boolean => bucket.KeyAsString ?? (key.GetDouble() != 0 ? "true" : "false"),
            FieldType.Date => TimestampParser.Format(DateTimeOffset.FromUnixTimeMilliseconds(key.GetInt64())),
            _ => key.TryGetInt64(out var integral) ? integral.ToString(CultureInfo.InvariantCulture) : key.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        };
    }
}
