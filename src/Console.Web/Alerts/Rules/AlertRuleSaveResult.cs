namespace Console.Web.Alerts.Rules;

/// <summary>A saved rule, or why it was not saved: <see cref="Errors"/> (400) or a name already taken (<see cref="Conflict"/>, 409).</summary>
public sealed record AlertRuleSaveResult(AlertRule? Rule, IReadOnlyList<string> Errors, bool Conflict = false, bool NotFound = false);
