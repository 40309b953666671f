namespace Console.Web.Alerts.Rules;

/// <summary>The current state of a rule, or of one value of a grouped rule's field, and since when.</summary>
public sealed record AlertGroupState(Guid RuleId, string? GroupValue, AlertState State, DateTimeOffset Since, double? LastValue)
{
    public static AlertGroupState Initial(Guid ruleId, string? groupValue, DateTimeOffset now) => new(ruleId, groupValue, AlertState.Ok, now, null);
}
