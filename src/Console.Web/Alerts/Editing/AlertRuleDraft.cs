using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Editing;

/// <summary>
/// A rule as the editor holds it while it is written: every kind's settings at once (switching the kind loses nothing)
/// and durations as text, turned into an <see cref="AlertRule"/> with the reasons when a duration does not read.
/// </summary>
public sealed class AlertRuleDraft
{
    public string Name { get; set; } = "";

    public AlertRuleKind Kind { get; set; } = AlertRuleKind.CountThreshold;

    public string IndexPattern { get; set; } = "thebot-logs-*";

    public string Query { get; set; } = "";

    public string RatioBaseQuery { get; set; } = "";

    public string GroupField { get; set; } = "";

    public string MetricField { get; set; } = "";

    public MetricAggregation Aggregation { get; set; } = MetricAggregation.P95;

    public ThresholdComparison Comparison { get; set; } = ThresholdComparison.Above;

    public NoDataHandling NoData { get; set; } = NoDataHandling.KeepLastState;

    public double Threshold { get; set; }

    public string Window { get; set; } = "5m";

    public string PendingFor { get; set; } = "0s";

    public string EvaluateEvery { get; set; } = "1m";

    public bool Enabled { get; set; } = true;

    public HashSet<string> ChannelIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Kept from the saved rule: editing a rule does not lift its snooze.</summary>
    public DateTimeOffset? SnoozedUntil { get; set; }

    public static AlertRuleDraft From(AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var draft = new AlertRuleDraft
        {
            Name = rule.Name,
            Kind = rule.Kind,
            IndexPattern = rule.IndexPattern,
            Query = rule.Query,
            RatioBaseQuery = rule.RatioBaseQuery ?? "",
            GroupField = rule.GroupField ?? "",
            MetricField = rule.MetricField ?? "",
            Aggregation = rule.Aggregation,
            Comparison = rule.Comparison,
            NoData = rule.NoData,
            Threshold = rule.Threshold,
            Window = DurationText.Format(rule.Window),
            PendingFor = DurationText.Format(rule.PendingFor),
            EvaluateEvery = DurationText.Format(rule.EvaluateEvery),
            Enabled = rule.Enabled,
            SnoozedUntil = rule.SnoozedUntil,
        };
        draft.ChannelIds.UnionWith(rule.ChannelIds);
        return draft;
    }

    /// <summary>The rule this draft describes, or why a duration cannot be read (the rest is checked by <see cref="AlertRuleValidation"/>).</summary>
    public (AlertRule? Rule, IReadOnlyList<string> Errors) ToRule(Guid id)
    {
        var errors = new List<string>();
        var window = Duration("window", Window, errors);
        var pending = Duration("pending duration", PendingFor, errors);
        var every = Duration("evaluation interval", EvaluateEvery, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new AlertRule
        {
            Id = id,
            Name = Name.Trim(),
            Kind = Kind,
            IndexPattern = IndexPattern.Trim(),
            Query = Query.Trim(),
            RatioBaseQuery = Kind == AlertRuleKind.Ratio ? RatioBaseQuery.Trim() : null,
            GroupField = Kind == AlertRuleKind.Grouped ? GroupField.Trim() : null,
            MetricField = Kind == AlertRuleKind.MetricThreshold ? MetricField.Trim() : null,
            Aggregation = Aggregation,
            Comparison = Comparison,
            NoData = NoDataHandlings.AppliesTo(Kind) ? NoData : NoDataHandling.KeepLastState,
            Threshold = Threshold,
            Window = window,
            PendingFor = pending,
            EvaluateEvery = every,
            Enabled = Enabled,
            ChannelIds = ChannelIds.Order(StringComparer.Ordinal).ToList(),
            SnoozedUntil = SnoozedUntil,
        }, []);
    }

    private static TimeSpan Duration(string what, string text, List<string> errors)
    {
        if (DurationText.TryParse(text, out var duration, out var error))
        {
            return duration;
        }

        errors.Add($"The {what}: {error}.");
        return TimeSpan.Zero;
    }
}
