namespace Console.Web.Alerts.Rules;

/// <summary>One state change of a rule as kept in its history (table <c>alert_history</c>), with why nobody was told if so.</summary>
public sealed class AlertHistoryEntry
{
    public long Id { get; set; }

    public Guid RuleId { get; set; }

    public string? GroupValue { get; set; }

    public AlertState From { get; set; }

    public AlertState To { get; set; }

    public DateTimeOffset At { get; set; }

    public double? Value { get; set; }

    public double Threshold { get; set; }

    /// <summary>Set when the change notified nobody: the rule was snoozed, or a maintenance window was open.</summary>
    public string? Suppressed { get; set; }

    public static AlertHistoryEntry Of(AlertTransition transition, string? suppressed) => new()
    {
        RuleId = transition.RuleId,
        GroupValue = transition.GroupValue,
        From = transition.From,
        To = transition.To,
        At = transition.At,
        Value = transition.Value,
        Threshold = transition.Threshold,
        Suppressed = suppressed,
    };
}
