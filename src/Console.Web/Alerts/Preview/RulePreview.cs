using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Preview;

/// <summary>
/// A rule's values over the last 24 hours, one point per evaluation <see cref="Step"/> from <see cref="From"/> to
/// <see cref="To"/>, per group for a grouped rule (its busiest <see cref="RulePreviewService.TopGroups"/>), with the
/// threshold and when the rule would have fired and resolved. <see cref="Threshold"/> is null for an absence rule,
/// which fires on no events at all. <see cref="Requests"/> is how many store aggregations it took.
/// </summary>
public sealed record RulePreview(
    DateTimeOffset From,
    DateTimeOffset To,
    TimeSpan Step,
    string Metric,
    double? Threshold,
    ThresholdComparison Comparison,
    IReadOnlyList<RulePreviewSeries> Series,
    int Requests);
