using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts;

public class AlertStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static AlertRule Rule(TimeSpan pendingFor) => new()
    {
        Id = Guid.NewGuid(), Name = "errors", Kind = AlertRuleKind.CountThreshold, Threshold = 10, PendingFor = pendingFor,
    };

    private static List<AlertTransition> Run(AlertRule rule, params (int Minute, bool Breached)[] steps)
    {
        var state = AlertGroupState.Initial(rule.Id, null, T0);
        var transitions = new List<AlertTransition>();
        foreach (var (minute, breached) in steps)
        {
            (state, var transition) = AlertStateMachine.Step(state, breached, breached ? 20 : 1, rule, T0.AddMinutes(minute));
            if (transition is not null)
            {
                transitions.Add(transition);
            }
        }

        return transitions;
    }

    [Fact]
    public void A_breach_lasting_the_pending_duration_fires_and_its_end_resolves()
    {
        var transitions = Run(Rule(TimeSpan.FromMinutes(2)), (0, true), (1, true), (2, true), (3, true), (4, false), (5, false));

        Assert.Equal(
            [(AlertState.Ok, AlertState.Pending, 0), (AlertState.Pending, AlertState.Firing, 2), (AlertState.Firing, AlertState.Resolved, 4)],
            transitions.Select(t => (t.From, t.To, (int)(t.At - T0).TotalMinutes)).ToList());
        Assert.Equal(20, transitions[1].Value);
        Assert.Equal(10, transitions[1].Threshold);
    }

    [Fact]
    public void A_breach_shorter_than_the_pending_duration_goes_back_to_ok_without_firing()
    {
        var transitions = Run(Rule(TimeSpan.FromMinutes(5)), (0, true), (1, true), (2, false), (3, false));

        Assert.Equal([(AlertState.Ok, AlertState.Pending), (AlertState.Pending, AlertState.Ok)], transitions.Select(t => (t.From, t.To)).ToList());
    }

    [Fact]
    public void Without_a_pending_duration_the_first_breach_fires_and_a_resolved_rule_can_fire_again()
    {
        var transitions = Run(Rule(TimeSpan.Zero), (0, true), (1, false), (2, false), (3, true));

        Assert.Equal(
            [(AlertState.Ok, AlertState.Firing), (AlertState.Firing, AlertState.Resolved), (AlertState.Resolved, AlertState.Firing)],
            transitions.Select(t => (t.From, t.To)).ToList());
    }

    [Fact]
    public void An_unchanged_state_keeps_its_start_and_records_the_latest_value()
    {
        var rule = Rule(TimeSpan.FromMinutes(10));
        var (pending, _) = AlertStateMachine.Step(AlertGroupState.Initial(rule.Id, "10.0.0.1", T0), true, 12, rule, T0);
        var (still, transition) = AlertStateMachine.Step(pending, true, 15, rule, T0.AddMinutes(3));

        Assert.Null(transition);
        Assert.Equal(AlertState.Pending, still.State);
        Assert.Equal(T0, still.Since);
        Assert.Equal(15, still.LastValue);
        Assert.Equal("10.0.0.1", still.GroupValue);
    }
}
