namespace Console.Web.Alerts.Rules;

/// <summary>
/// The stored state of a rule, or of one value of a grouped rule's field (table <c>alert_states</c>), so a restart
/// neither re-fires nor forgets a firing alert. <see cref="GroupKey"/> is empty for an ungrouped rule.
/// </summary>
public sealed class AlertStateRow
{
    public long Id { get; set; }

    public Guid RuleId { get; set; }

    public string GroupKey { get; set; } = "";

    public AlertState State { get; set; }

    public DateTimeOffset Since { get; set; }

    public double? LastValue { get; set; }

    public DateTimeOffset LastEvaluated { get; set; }

    /// <summary>When someone acknowledged the firing alert; cleared when it resolves.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? GroupValue => GroupKey.Length == 0 ? null : GroupKey;

    public AlertGroupState ToGroupState() => new(RuleId, GroupValue, State, Since, LastValue);
}
