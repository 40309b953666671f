namespace Console.Web.Alerts.Rules;

/// <summary>One change of state, as kept in a rule's history and handed to the notifications.</summary>
public sealed record AlertTransition(Guid RuleId, string? GroupValue, AlertState From, AlertState To, DateTimeOffset At, double? Value, double Threshold);
