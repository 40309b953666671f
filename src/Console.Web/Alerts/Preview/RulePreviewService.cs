using Console.Shared.Storage;
using Console.Web.Alerts.Rules;
using Console.Web.Discover;

namespace Console.Web.Alerts.Preview;

/// <summary>
/// Computes what a rule would have done over the last 24 hours, before it is saved: its value at every evaluation step,
/// and when it would have fired (after its pending duration) and resolved. It asks the store for a few date-histogram
/// aggregations and slides the rule's window over their buckets, instead of measuring each of up to 1,440 points:
/// counts, sums, minimums and maximums are added up from buckets as wide as the greatest common divisor of the step and
/// the window; a percentile, which cannot be added up, is read from window-wide buckets shifted to each distinct
/// position of the window's end. Windows are half-open here ([end - window, end)); the scheduler's include their end,
/// which differs only for events stamped exactly at an evaluation time.
/// </summary>
public sealed class RulePreviewService(ILogStore store, TimeProvider clock)
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(24);

    /// <summary>Points per series at most: a rule evaluated more often than every minute is previewed per minute.</summary>
    public const int MaxPoints = 1440;

    /// <summary>A grouped rule's busiest values over the 24 hours that the preview draws.</summary>
    public const int TopGroups = 5;

    /// <summary>Window positions (one aggregation each) a percentile preview may take; beyond it the preview's step grows.</summary>
    public const int MaxPercentileRequests = 60;

    /// <summary>Store requests one preview may make before it is refused as too fine-grained.</summary>
    public const int MaxRequests = 100;

    // Under the stores' 2,000 time buckets per request.
    private const long BucketsPerRequest = 1900;

    private static readonly long SpanMillis = (long)Span.TotalMilliseconds;

    /// <exception cref="RulePreviewException">The rule's window and step would take more than <see cref="MaxRequests"/> requests.</exception>
    /// <exception cref="Console.Shared.Query.QuerySyntaxException">A query of the rule does not parse.</exception>
    /// <exception cref="StoreRequestException">The store refused a request (e.g. a full-text field as the metric).</exception>
    public async Task<RulePreview> PreviewAsync(AlertRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var window = (long)rule.Window.TotalMilliseconds;
        if (window <= 0)
        {
            throw new RulePreviewException("the window must be longer than zero");
        }

        var step = StepFor(rule, window);
        var end = clock.GetUtcNow().ToUnixTimeMilliseconds() / step * step;
        var count = (int)(SpanMillis / step);
        var times = Enumerable.Range(0, count).Select(i => end - ((long)(count - 1 - i) * step)).ToArray();
        var run = new Run(rule, times, window, Gcd(step, window), cancellationToken);

        IReadOnlyList<(string? Group, double?[] Values)> series = rule.Kind switch
        {
            AlertRuleKind.CountThreshold or AlertRuleKind.Absence => [(null, await SlidingCountsAsync(run, rule.Query))],
            AlertRuleKind.Ratio => [(null, await RatioAsync(run))],
            AlertRuleKind.MetricThreshold => [(null, await MetricAsync(run))],
            AlertRuleKind.Grouped => await GroupedAsync(run),
            _ => throw new RulePreviewException($"unknown rule kind {rule.Kind}"),
        };

        return new RulePreview(
            DateTimeOffset.FromUnixTimeMilliseconds(times[0]),
            DateTimeOffset.FromUnixTimeMilliseconds(times[^1]),
            TimeSpan.FromMilliseconds(step),
            MetricAggregations.Describe(rule),
            rule.Kind == AlertRuleKind.Absence ? null : rule.Threshold,
            rule.Comparison,
            series.Select(s => Simulate(rule, s.Group, times, s.Values)).ToList(),
            run.Requests);
    }

    /// <summary>The rule's evaluation step, at least <see cref="Span"/> / <see cref="MaxPoints"/>; for a percentile, grown until it takes few enough window positions.</summary>
    public static long StepFor(AlertRule rule, long window)
    {
        var step = Math.Max((long)rule.EvaluateEvery.TotalMilliseconds, SpanMillis / MaxPoints);
        if (rule.Kind != AlertRuleKind.MetricThreshold || !rule.Aggregation.IsPercentile())
        {
            return step;
        }

        for (var grown = step; ; grown += step)
        {
            if (Math.Min(SpanMillis / grown, window / Gcd(grown, window)) <= MaxPercentileRequests)
            {
                return grown;
            }
        }
    }

    private static RulePreviewSeries Simulate(AlertRule rule, string? group, long[] times, double?[] values)
    {
        var points = new List<RulePreviewPoint>(times.Length);
        var fires = new List<DateTimeOffset>();
        var resolves = new List<DateTimeOffset>();
        var state = AlertGroupState.Initial(rule.Id, group, DateTimeOffset.FromUnixTimeMilliseconds(times[0]));
        for (var i = 0; i < times.Length; i++)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(times[i]);
            var value = values[i];
            bool breached;
            if (value is { } v)
            {
                breached = rule.Kind == AlertRuleKind.Absence ? v == 0 : RuleEvaluator.IsBreached(v, rule);
            }
            else if (NoDataHandlings.AppliesTo(rule.Kind) && NoDataHandlings.Judge(rule) is { } judged)
            {
                (value, breached) = judged; // a window without data counts as the rule says, as in the scheduler
            }
            else
            {
                points.Add(new RulePreviewPoint(at, null, false));
                continue; // nothing to judge: the state stands, as in the scheduler
            }

            points.Add(new RulePreviewPoint(at, value, breached));
            var (next, transition) = AlertStateMachine.Step(state, breached, value, rule, at);
            state = next;
            if (transition?.To == AlertState.Firing)
            {
                fires.Add(at);
            }
            else if (transition?.To == AlertState.Resolved)
            {
                resolves.Add(at);
            }
        }

        return new RulePreviewSeries(group, points, fires, resolves);
    }

    private async Task<double?[]> RatioAsync(Run run)
    {
        var part = await SlidingCountsAsync(run, run.Rule.Query);
        var whole = await SlidingCountsAsync(run, run.Rule.RatioBaseQuery ?? "");
        return part.Select((p, i) => whole[i] == 0 ? (double?)null : 100.0 * p / whole[i]).ToArray();
    }

    private async Task<double?[]> SlidingCountsAsync(Run run, string query)
    {
        var buckets = await FineBucketsAsync(run, query, AggregationMetric.Count, null);
        var prefix = Prefix(buckets.Select(b => (double)(b?.Count ?? 0)).ToArray());
        return run.Times.Select(t => (double?)Sum(prefix, run.WindowStartIndex(t), run.IndexOf(t))).ToArray();
    }

    private async Task<double?[]> MetricAsync(Run run)
    {
        var rule = run.Rule;
        var field = rule.MetricField ?? throw new RulePreviewException("a metric rule needs a field");
        if (rule.Aggregation.IsPercentile())
        {
            return await PercentilesAsync(run, rule.Aggregation.ToStoreMetric(field));
        }

        if (rule.Aggregation is MetricAggregation.Min or MetricAggregation.Max)
        {
            var buckets = await FineBucketsAsync(run, rule.Query, rule.Aggregation.ToStoreMetric(field), null);
            var isMin = rule.Aggregation == MetricAggregation.Min;
            return run.Times.Select(t =>
            {
                double? best = null;
                for (var i = run.WindowStartIndex(t); i < run.IndexOf(t); i++)
                {
                    if (buckets[i]?.Metric.Value is { } v && (best is null || (isMin ? v < best : v > best)))
                    {
                        best = v;
                    }
                }

                return best;
            }).ToArray();
        }

        // A sum adds up; an average is the window's sum over its events that have the field (as the store averages).
        var query = rule.Aggregation == MetricAggregation.Avg
            ? string.IsNullOrWhiteSpace(rule.Query) ? $"_exists_:{QueryFilters.Escape(field)}" : $"({rule.Query.Trim()}) AND _exists_:{QueryFilters.Escape(field)}"
            : rule.Query;
        var sums = await FineBucketsAsync(run, query, AggregationMetric.Sum(field), null);
        var sumPrefix = Prefix(sums.Select(b => b?.Metric.Value ?? 0).ToArray());
        if (rule.Aggregation == MetricAggregation.Sum)
        {
            return run.Times.Select(t => (double?)Sum(sumPrefix, run.WindowStartIndex(t), run.IndexOf(t))).ToArray();
        }

        var countPrefix = Prefix(sums.Select(b => (double)(b?.Count ?? 0)).ToArray());
        return run.Times.Select(t =>
        {
            var (from, to) = (run.WindowStartIndex(t), run.IndexOf(t));
            var n = Sum(countPrefix, from, to);
            return n == 0 ? (double?)null : Sum(sumPrefix, from, to) / n;
        }).ToArray();
    }

    // One aggregation per distinct position of the window's end within the window, with window-wide buckets shifted there.
    private async Task<double?[]> PercentilesAsync(Run run, AggregationMetric metric)
    {
        var values = new double?[run.Times.Length];
        var query = new LogQuery(run.Rule.IndexPattern, run.Rule.Query, null, null);
        var positions = run.Times.Select((t, i) => (Time: t, Index: i)).GroupBy(p => Mod(p.Time, run.Window)).ToList();
        run.Reserve(positions.Sum(p => Chunks(p.Min(x => x.Time) - run.Window, p.Max(x => x.Time), run.Window)));
        foreach (var position in positions)
        {
            var buckets = await BucketsAsync(run, query, metric, null, position.Min(p => p.Time) - run.Window, position.Max(p => p.Time), run.Window, position.Key);
            foreach (var (time, index) in position)
            {
                values[index] = buckets.TryGetValue(time - run.Window, out var bucket) ? MetricAggregations.ValueOf(bucket.Metric) : null;
            }
        }

        return values;
    }

    private async Task<IReadOnlyList<(string? Group, double?[] Values)>> GroupedAsync(Run run)
    {
        var rule = run.Rule;
        var field = rule.GroupField ?? throw new RulePreviewException("a grouped rule needs a group field");
        var whole = new LogQuery(rule.IndexPattern, rule.Query, DateTimeOffset.FromUnixTimeMilliseconds(run.From), DateTimeOffset.FromUnixTimeMilliseconds(run.Times[^1] - 1));
        run.Reserve(1);
        var top = await store.TopValuesAsync(new TopValuesRequest(whole, field, TopGroups), run.CancellationToken);
        if (top.Values.Count == 0)
        {
            return [];
        }

        // Only the chosen values match, so every request's split (up to TopGroups values) holds exactly them.
        var only = $"{QueryFilters.Escape(field)}:({string.Join(" OR ", top.Values.Select(v => QueryFilters.Quote(v.Value)))})";
        var query = string.IsNullOrWhiteSpace(rule.Query) ? only : $"({rule.Query.Trim()}) AND {only}";
        var buckets = await FineBucketsAsync(run, query, AggregationMetric.Count, new FieldSplit(field, TopGroups));
        return top.Values.Select(group =>
        {
            var prefix = Prefix(buckets.Select(b => (double)(b?.Split?.Values.FirstOrDefault(v => v.Key == group.Value)?.Count ?? 0)).ToArray());
            return ((string?)group.Value, run.Times.Select(t => (double?)Sum(prefix, run.WindowStartIndex(t), run.IndexOf(t))).ToArray());
        }).ToList();
    }

    /// <summary>Buckets of the run's fine width from the first window's start to the last point, index 0 first (null where the store gave none).</summary>
    private async Task<AggregationBucket?[]> FineBucketsAsync(Run run, string query, AggregationMetric metric, FieldSplit? split)
    {
        run.Reserve(Chunks(run.From, run.Times[^1], run.Fine));
        var buckets = await BucketsAsync(run, new LogQuery(run.Rule.IndexPattern, query, null, null), metric, split, run.From, run.Times[^1], run.Fine, 0);
        var length = (int)((run.Times[^1] - run.From) / run.Fine);
        return Enumerable.Range(0, length).Select(i => buckets.GetValueOrDefault(run.From + (i * run.Fine))).ToArray();
    }

    private async Task<Dictionary<long, AggregationBucket>> BucketsAsync(
        Run run, LogQuery query, AggregationMetric metric, FieldSplit? split, long from, long to, long interval, long offset)
    {
        var found = new Dictionary<long, AggregationBucket>();
        var chunk = interval * BucketsPerRequest;
        for (var start = from; start < to; start += chunk)
        {
            var stop = Math.Min(start + chunk, to);
            var request = new AggregationRequest(
                query with { From = DateTimeOffset.FromUnixTimeMilliseconds(start), To = DateTimeOffset.FromUnixTimeMilliseconds(stop - 1) },
                metric,
                new DateHistogramSplit(TimeSpan.FromMilliseconds(interval), TimeSpan.FromMilliseconds(offset)),
                split);
            var answer = await store.AggregateAsync(request, run.CancellationToken);
            foreach (var bucket in answer.Buckets)
            {
                found[bucket.Start.ToUnixTimeMilliseconds()] = bucket;
            }
        }

        return found;
    }

    private static long Chunks(long from, long to, long interval) => Math.Max(1, (to - from + (interval * BucketsPerRequest) - 1) / (interval * BucketsPerRequest));

    private static double[] Prefix(double[] values)
    {
        var prefix = new double[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            prefix[i + 1] = prefix[i] + values[i];
        }

        return prefix;
    }

    private static double Sum(double[] prefix, int from, int to) => prefix[Math.Clamp(to, 0, prefix.Length - 1)] - prefix[Math.Clamp(from, 0, prefix.Length - 1)];

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static long Mod(long value, long modulus) => ((value % modulus) + modulus) % modulus;

    /// <summary>One preview's points and its budget of store requests.</summary>
    private sealed class Run(AlertRule rule, long[] times, long window, long fine, CancellationToken cancellationToken)
    {
        private int _reserved;

        public AlertRule Rule { get; } = rule;

        public long[] Times { get; } = times;

        public long Window { get; } = window;

        /// <summary>The width of the buckets windows are added up from: it divides both the step and the window.</summary>
        public long Fine { get; } = fine;

        /// <summary>The first window's start, where the fine buckets begin.</summary>
        public long From => Times[0] - Window;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public int Requests => _reserved;

        /// <summary>The fine bucket that starts at <paramref name="time"/> (a window ending there stops before it).</summary>
        public int IndexOf(long time) => (int)((time - From) / Fine);

        public int WindowStartIndex(long time) => IndexOf(time - Window);

        /// <summary>Counts requests before any is made, so a preview that would take too many is refused without load on the store.</summary>
        public void Reserve(long requests)
        {
            if (_reserved + requests > MaxRequests)
            {
                throw new RulePreviewException(
                    $"previewing this rule would take more than {MaxRequests} store requests; use a window and an evaluation interval in whole minutes");
            }

            _reserved += (int)requests;
        }
    }
}
