using Console.Shared.Storage;

namespace Console.Web.Alerts.Rules;

/// <summary>Applies a rule's <see cref="NoDataHandling"/>, the same way in the scheduler and in the rule editor's preview.</summary>
public static class NoDataHandlings
{
    /// <summary>Whether a rule of <paramref name="kind"/> can have a window with nothing to judge, so its no-data handling matters.</summary>
    public static bool AppliesTo(AlertRuleKind kind) => kind is AlertRuleKind.MetricThreshold or AlertRuleKind.Ratio;

    /// <summary>The value and breach a window without data counts as; null when the state stands (<see cref="NoDataHandling.KeepLastState"/>).</summary>
    public static (double? Value, bool Breached)? Judge(AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.NoData switch
        {
            NoDataHandling.Ok => (null, false),
            NoDataHandling.Alerting => (null, true),
            NoDataHandling.TreatAsZero => (0, RuleEvaluator.IsBreached(0, rule)),
            _ => null,
        };
    }

    /// <summary>The measurement of a window without data under the rule's handling.</summary>
    public static RuleMeasurement Measure(AlertRule rule, LogQuery matching) => Judge(rule) is { } judged
        ? new RuleMeasurement(null, judged.Value, judged.Breached, matching) { NoData = true }
        : new RuleMeasurement(null, null, false, matching) { NoData = true, StateStands = true };

    /// <summary>How the editor and the API name a handling.</summary>
    public static string Describe(NoDataHandling handling) => handling switch
    {
        NoDataHandling.Ok => "treat as OK",
        NoDataHandling.Alerting => "alert",
        NoDataHandling.TreatAsZero => "treat as 0",
        _ => "keep the last state",
    };
}
