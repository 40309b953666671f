using System.Globalization;
using Console.Shared.Storage;
using Console.Web.Discover;

namespace Console.Web.Alerts.Rules;

/// <summary>
/// Measures a rule over its window ending now with the same store and query language as Discover, so a rule fires on
/// exactly the events Discover finds for its query.
/// </summary>
public sealed class RuleEvaluator(ILogStore store)
{
    /// <summary>Values of a grouped rule's field looked at per evaluation; the busiest come first.</summary>
    public const int MaxGroups = 500;

    /// <exception cref="Console.Shared.Query.QuerySyntaxException">A query of the rule does not parse.</exception>
    /// <exception cref="StoreRequestException">The store refused the request (e.g. an invalid index pattern).</exception>
    public async Task<IReadOnlyList<RuleMeasurement>> MeasureAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = now - rule.Window;
        var matching = new LogQuery(rule.IndexPattern, rule.Query, from, now);
        switch (rule.Kind)
        {
            case AlertRuleKind.CountThreshold:
            {
                var count = await store.CountAsync(matching, cancellationToken);
                return [new RuleMeasurement(null, count, IsBreached(count, rule), matching)];
            }

            case AlertRuleKind.Absence:
            {
                var count = await store.CountAsync(matching, cancellationToken);
                return [new RuleMeasurement(null, count, count == 0, matching)];
            }

            case AlertRuleKind.Ratio:
            {
                var part = await store.CountAsync(matching, cancellationToken);
                var whole = await store.CountAsync(matching with { Query = rule.RatioBaseQuery }, cancellationToken);
                if (whole == 0)
                {
                    // No base events: no rate to judge; the rule's no-data handling says what that counts as.
                    return [NoDataHandlings.Measure(rule, matching)];
                }

                var percent = 100.0 * part / whole;
                return [new RuleMeasurement(null, percent, IsBreached(percent, rule), matching)];
            }

            case AlertRuleKind.MetricThreshold:
            {
                var field = rule.MetricField ?? throw new StoreRequestException("a metric rule needs a field");
                var result = await store.AggregateAsync(new AggregationRequest(matching, rule.Aggregation.ToStoreMetric(field)), cancellationToken);
                // No event with a value in the window: nothing to judge; the rule's no-data handling says what that counts as.
                if (MetricAggregations.ValueOf(result.Metric) is not { } value)
                {
                    return [NoDataHandlings.Measure(rule, matching)];
                }

                return [new RuleMeasurement(null, value, IsBreached(value, rule), matching)];
            }

            case AlertRuleKind.Grouped:
            {
                var field = rule.GroupField ?? throw new StoreRequestException("a grouped rule needs a group field");
                var top = await store.TopValuesAsync(new TopValuesRequest(matching, field, MaxGroups), cancellationToken);
                return top.Values
                    .Select(v => new RuleMeasurement(v.Value, v.Count, IsBreached(v.Count, rule), matching with
                    {
                        Query = QueryFilters.Add(rule.Query, field, v.Value, negate: false),
                    }))
                    .ToList();
            }

            default:
                throw new StoreRequestException(string.Create(CultureInfo.InvariantCulture, $"unknown rule kind {rule.Kind}"));
        }
    }

    /// <summary>Whether <paramref name="value"/> is past the rule's threshold (strictly).</summary>
    public static bool IsBreached(double value, AlertRule rule) =>
        rule.Comparison == ThresholdComparison.Above ? value > rule.Threshold : value < rule.Threshold;
}
