namespace Console.Web.Alerts.Rules;

/// <summary>
/// A rule as the user defines it: what to measure (<see cref="Kind"/> over <see cref="IndexPattern"/> and
/// <see cref="Query"/> in the last <see cref="Window"/>), when it is breached, and how long a breach must last before
/// it fires (<see cref="PendingFor"/>). Evaluated every <see cref="EvaluateEvery"/>.
/// </summary>
public sealed record AlertRule
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required AlertRuleKind Kind { get; init; }

    public string IndexPattern { get; init; } = "thebot-logs-*";

    /// <summary>The events counted (for <see cref="AlertRuleKind.Ratio"/>, the numerator), in Lucene syntax; empty is every event.</summary>
    public string Query { get; init; } = "";

    /// <summary><see cref="AlertRuleKind.Ratio"/> only: the events the numerator is a share of (e.g. every request).</summary>
    public string? RatioBaseQuery { get; init; }

    /// <summary><see cref="AlertRuleKind.Grouped"/> only: the field whose values are alerted on separately (e.g. client IP).</summary>
    public string? GroupField { get; init; }

    /// <summary><see cref="AlertRuleKind.MetricThreshold"/> only: the numeric field measured (e.g. <c>duration_ms</c>).</summary>
    public string? MetricField { get; init; }

    /// <summary><see cref="AlertRuleKind.MetricThreshold"/> only: what is computed over <see cref="MetricField"/>.</summary>
    public MetricAggregation Aggregation { get; init; } = MetricAggregation.Avg;

    /// <summary>
    /// <see cref="AlertRuleKind.MetricThreshold"/> and <see cref="AlertRuleKind.Ratio"/> only: what a window with nothing to
    /// judge counts as (no event with a value of the field; no event of the base query).
    /// </summary>
    public NoDataHandling NoData { get; init; } = NoDataHandling.KeepLastState;

    public ThresholdComparison Comparison { get; init; } = ThresholdComparison.Above;

    /// <summary>A count, a percentage for <see cref="AlertRuleKind.Ratio"/>, a value of the field for <see cref="AlertRuleKind.MetricThreshold"/>; not used by <see cref="AlertRuleKind.Absence"/>.</summary>
    public double Threshold { get; init; }

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a breach must last before the rule fires; zero fires at the first breached evaluation.</summary>
    public TimeSpan PendingFor { get; init; }

    public TimeSpan EvaluateEvery { get; init; } = TimeSpan.FromMinutes(1);

    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The notification channels (ids from <c>/api/alerts/channels</c>) told when the rule fires and resolves, besides the
    /// console's own notification list, which every rule tells.
    /// </summary>
    public IReadOnlyList<string> ChannelIds { get; init; } = [];

    /// <summary>Until then the rule is evaluated and its history kept, but nobody is notified.</summary>
    public DateTimeOffset? SnoozedUntil { get; init; }
}
