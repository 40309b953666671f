using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Notifications;

/// <summary>
/// What a rule tells its channels when it fires or resolves: the rule, the observed value against its threshold, the
/// group (for a grouped rule), the window, the first matching log lines and a link that opens them in Discover.
/// </summary>
public sealed record AlertNotification
{
    /// <summary>Identifies this notification in the delivery log and the in-console feed.</summary>
    public string Id { get; init; } = Guid.NewGuid().ToString("N");

    public required string RuleId { get; init; }

    public required string RuleName { get; init; }

    /// <summary>The state the rule (or this group) moved to: <see cref="AlertState.Firing"/> or <see cref="AlertState.Resolved"/>.</summary>
    public required AlertState State { get; init; }

    /// <summary>What the value measures, as a reader should see it: <c>count</c>, <c>avg(duration_ms)</c>.</summary>
    public string Metric { get; init; } = "count";

    /// <summary>The measured value; 0 when <see cref="NoData"/> (there was nothing to measure).</summary>
    public required double Value { get; init; }

    /// <summary>The window had nothing to measure and the rule's no-data handling made that a firing or resolving alert.</summary>
    public bool NoData { get; init; }

    public required ThresholdComparison Comparison { get; init; }

    public required double Threshold { get; init; }

    /// <summary>The field a grouped rule splits by (<c>client.ip</c>); null for a rule that is not grouped.</summary>
    public string? GroupField { get; init; }

    /// <summary>This group's value of <see cref="GroupField"/>.</summary>
    public string? GroupValue { get; init; }

    public required string IndexPattern { get; init; }

    public required string Query { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>The first matching events; the dispatcher keeps at most <c>Alerts:Notifications:MaxLogLines</c>.</summary>
    public IReadOnlyList<AlertLogLine> Lines { get; init; } = [];

    /// <summary>An absolute link to these events in Discover (see <see cref="DiscoverLinks"/>).</summary>
    public required Uri DiscoverUrl { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
