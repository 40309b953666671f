namespace Console.Web.Alerts.Rules;

/// <summary>
/// The rule lifecycle as a pure function, so it can be tested with a fake clock: a breach makes a rule Pending, a
/// breach lasting <see cref="AlertRule.PendingFor"/> makes it Firing, the end of a breach resolves a firing rule and
/// quietly returns a pending one to OK.
/// </summary>
public static class AlertStateMachine
{
    /// <summary>The state after <paramref name="breached"/> was observed at <paramref name="now"/>, and the transition if the state changed.</summary>
    public static (AlertGroupState Next, AlertTransition? Transition) Step(
        AlertGroupState current, bool breached, double? value, AlertRule rule, DateTimeOffset now)
    {
        var to = (current.State, breached) switch
        {
            (AlertState.Ok or AlertState.Resolved, true) => rule.PendingFor <= TimeSpan.Zero ? AlertState.Firing : AlertState.Pending,
            (AlertState.Pending, true) => now - current.Since >= rule.PendingFor ? AlertState.Firing : AlertState.Pending,
            (AlertState.Firing, true) => AlertState.Firing,
            (AlertState.Pending, false) => AlertState.Ok,
            (AlertState.Firing, false) => AlertState.Resolved,
            (var unchanged, false) => unchanged,
            _ => throw new ArgumentOutOfRangeException(nameof(current), current.State, "unknown alert state"),
        };

        if (to == current.State)
        {
            return (current with { LastValue = value }, null);
        }

        var transition = new AlertTransition(current.RuleId, current.GroupValue, current.State, to, now, value, rule.Threshold);
        return (current with { State = to, Since = now, LastValue = value }, transition);
    }
}
