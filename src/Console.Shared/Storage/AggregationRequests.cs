using Console.Shared.Events;

namespace Console.Shared.Storage;

/// <summary>The checks every store makes of an <see cref="AggregationRequest"/> before it reads anything, with the reasons it gives.</summary>
internal static class AggregationRequests
{
    /// <summary>
    /// Checks <paramref name="request"/> as every store does, in the same order and with the same reasons: the metric, the
    /// split, then the number of buckets. A date histogram without an end ends now, so later events stay out of the
    /// buckets and the total alike.
    /// </summary>
    /// <param name="typeInIndices">A field's type in the indices the query reads, or null when none of them has it.</param>
    /// <exception cref="StoreRequestException">The request is not valid; the message says why.</exception>
    public static CheckedAggregation Check(AggregationRequest request, Func<string, FieldType?> typeInIndices, TimeProvider clock)
    {
        FieldType? TypeOf(string field) => LogSchema.Known.TryGetValue(field, out var known) ? known : typeInIndices(field);

        var metric = request.Metric;
        var metricType = metric.Field is null ? null : TypeOf(metric.Field);
        ValidateMetric(metric, metricType);
        var split = request.Split;
        var splitType = split is null ? null : TypeOf(split.Field);
        if (split is not null)
        {
            ValidateSplit(split, splitType);
        }

        var query = request.Query;
        TimeBuckets? time = null;
        if (request.DateHistogram is { } histogram)
        {
            var from = query.From ?? throw new StoreRequestException("a date histogram needs a start time (from)");
            var to = query.To ?? clock.GetUtcNow();
            time = TimeBuckets.For(from, to, histogram.Interval, offset: histogram.Offset);
            query = query with { To = to };
        }

        ValidateBucketCount(time?.Count ?? 0, split);
        return new CheckedAggregation(query, metric, metricType, split, splitType, time);
    }

    /// <param name="type">The field's type in the indices read; null when none of them has the field (every event then lacks it).</param>
    public static void ValidateMetric(AggregationMetric metric, FieldType? type)
    {
        if (!Enum.IsDefined(metric.Kind))
        {
            throw new StoreRequestException($"unknown metric {metric.Kind}: use count, avg, sum, min, max, percentiles or cardinality");
        }

        var name = NameOf(metric.Kind);
        if (metric.Kind == MetricKind.Count)
        {
            if (metric.Field is not null)
            {
                throw new StoreRequestException("count takes no field (to count the events that have one, query _exists_:field)");
            }
        }
        else if (string.IsNullOrWhiteSpace(metric.Field))
        {
            throw new StoreRequestException($"{name} needs a field");
        }

        if (metric.Percents is { Count: > 0 } percents)
        {
            if (metric.Kind != MetricKind.Percentiles)
            {
                throw new StoreRequestException($"percents apply to percentiles, not to {name}");
            }

            if (percents.Count > AggregationLimits.MaxPercents)
            {
                throw new StoreRequestException($"at most {AggregationLimits.MaxPercents} percents may be asked for at once");
            }

            foreach (var percent in percents)
            {
                if (!(percent is >= 0 and <= 100))
                {
                    throw new StoreRequestException($"percent {percent} is not between 0 and 100");
                }
            }
        }

        switch (metric.Kind, type)
        {
            case (MetricKind.Cardinality, FieldType.Text):
                throw new StoreRequestException($"{metric.Field} is a full-text field; cardinality needs a keyword, numeric or boolean field");
            case (MetricKind.Avg or MetricKind.Sum or MetricKind.Min or MetricKind.Max or MetricKind.Percentiles, FieldType.Text or FieldType.Boolean):
                throw new StoreRequestException($"{metric.Field} is a {type.ToString()!.ToLowerInvariant()} field; {name} needs a numeric field");
        }
    }

    public static void ValidateSplit(FieldSplit split, FieldType? type)
    {
        if (string.IsNullOrWhiteSpace(split.Field))
        {
            throw new StoreRequestException("a split needs a field");
        }

        if (split.Size is < 1 or > AggregationLimits.MaxSplitSize)
        {
            throw new StoreRequestException($"the split size must be between 1 and {AggregationLimits.MaxSplitSize}");
        }

        if (split.Field == LogSchema.Timestamp)
        {
            throw new StoreRequestException("@timestamp cannot be split by value; use the date histogram");
        }

        if (type == FieldType.Text)
        {
            throw new StoreRequestException($"{split.Field} is a full-text field; a split needs a keyword, numeric or boolean field");
        }

        if (split.Interval is { } interval)
        {
            if (!double.IsFinite(interval) || interval <= 0)
            {
                throw new StoreRequestException("a split interval must be a positive number");
            }

            if (type is not (null or FieldType.Long or FieldType.Double))
            {
                throw new StoreRequestException($"{split.Field} is a {type.ToString()!.ToLowerInvariant()} field; a split by interval needs a numeric field");
            }
        }
    }

    /// <summary>Time buckets times (split values + 1) must stay within <see cref="AggregationLimits.MaxBuckets"/>.</summary>
    public static void ValidateBucketCount(int timeBuckets, FieldSplit? split)
    {
        long cells = (long)Math.Max(timeBuckets, 1) * ((split?.Size ?? 0) + 1);
        if (cells > AggregationLimits.MaxBuckets)
        {
            throw new StoreRequestException(
                $"{timeBuckets} time buckets split into {split?.Size} values make {cells} buckets; at most {AggregationLimits.MaxBuckets} are allowed (use a longer interval or a smaller split)");
        }
    }

    public static string NameOf(MetricKind kind) => kind.ToString().ToLowerInvariant();
}
