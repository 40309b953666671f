using Console.Web.Alerts.Rules;

namespace Console.Web.Apis;

/// <summary>
/// A rule as posted to <c>/api/alerts/rules</c>. Durations are <c>hh:mm:ss</c> strings (<c>"00:05:00"</c>); what is left
/// out takes the rule's default (index <c>thebot-logs-*</c>, window 5 minutes, evaluated every minute, no pending time).
/// </summary>
public sealed record AlertRuleInput(
    string? Name,
    AlertRuleKind? Kind,
    string? IndexPattern,
    string? Query,
    string? RatioBaseQuery,
    string? GroupField,
    string? MetricField,
    MetricAggregation? Aggregation,
    ThresholdComparison? Comparison,
    NoDataHandling? NoData,
    double? Threshold,
    TimeSpan? Window,
    TimeSpan? PendingFor,
    TimeSpan? EvaluateEvery,
    bool? Enabled,
    IReadOnlyList<string>? ChannelIds)
{
    public AlertRule? ToRule(Guid id)
    {
        if (Kind is not { } kind)
        {
            return null;
        }

        var defaults = new AlertRule { Id = id, Name = "", Kind = kind };
        return defaults with
        {
            Name = Name ?? "",
            IndexPattern = IndexPattern ?? defaults.IndexPattern,
            Query = Query ?? "",
            RatioBaseQuery = RatioBaseQuery,
            GroupField = GroupField,
            MetricField = MetricField,
            Aggregation = Aggregation ?? defaults.Aggregation,
            Comparison = Comparison ?? defaults.Comparison,
            NoData = NoData ?? defaults.NoData,
            Threshold = Threshold ?? 0,
            Window = Window ?? defaults.Window,
            PendingFor = PendingFor ?? defaults.PendingFor,
            EvaluateEvery = EvaluateEvery ?? defaults.EvaluateEvery,
            Enabled = Enabled ?? true,
            ChannelIds = ChannelIds ?? [],
        };
    }
}
