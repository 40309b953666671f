using Console.Web.Alerts.Editing;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts.Editing;

public sealed class AlertRuleDraftTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("00:01:30", 90)]
    public void DurationText_ReadsUnitsAndClockTimes(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration, out _));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("5 minutes")]
    [InlineData("-5m")]
    [InlineData("5y")]
    public void DurationText_RefusesWhatIsNotADuration(string text)
    {
        Assert.False(DurationText.TryParse(text, out _, out var error));
        Assert.Contains("is not a duration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DurationText_FormatsInTheLargestWholeUnit()
    {
        Assert.Equal(["0s", "90s", "5m", "2h", "7d", "1500ms"], new[]
        {
            TimeSpan.Zero, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(1500),
        }.Select(DurationText.Format));
    }

    [Fact]
    public void A_rule_round_trips_through_a_draft_keeping_only_its_kinds_settings()
    {
        var rule = new AlertRule
        {
            Id = Guid.NewGuid(), Name = "p95", Kind = AlertRuleKind.MetricThreshold, Query = "service:nginx", MetricField = "duration_ms", Aggregation = MetricAggregation.P99,
            Threshold = 500, Window = TimeSpan.FromMinutes(10), PendingFor = TimeSpan.FromMinutes(2), EvaluateEvery = TimeSpan.FromSeconds(30), ChannelIds = ["b", "a"],
            SnoozedUntil = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), NoData = NoDataHandling.Alerting,
        };
        var draft = AlertRuleDraft.From(rule);
        draft.GroupField = "client.ip"; // typed while the kind was Grouped, then the kind changed back

        var (back, errors) = draft.ToRule(rule.Id);

        Assert.Empty(errors);
        Assert.Equal(["a", "b"], back!.ChannelIds);
        Assert.Equal(rule with { ChannelIds = back.ChannelIds }, back);
        Assert.Null(back.GroupField);

        // A kind that always has a count to judge takes only the default no-data handling.
        draft.Kind = AlertRuleKind.CountThreshold;
        Assert.Equal(NoDataHandling.KeepLastState, draft.ToRule(rule.Id).Rule!.NoData);
    }

    [Fact]
    public void A_draft_with_unreadable_durations_names_each()
    {
        var draft = new AlertRuleDraft { Window = "soon", PendingFor = "", EvaluateEvery = "1m" };

        var (rule, errors) = draft.ToRule(Guid.NewGuid());

        Assert.Null(rule);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("The window", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("The pending duration", StringComparison.Ordinal));
    }
}
