using Console.Shared.Storage;

namespace Console.Web.Alerts.Rules;

/// <summary>
/// One evaluation's result for a rule, or for one value of a grouped rule's field (<see cref="GroupValue"/>).
/// <see cref="Value"/> is null when there is nothing to measure (a ratio over no events). <see cref="Matching"/> is the
/// query that finds the events behind the value, for the notification's first lines and its Discover link.
/// </summary>
public sealed record RuleMeasurement(string? GroupValue, double? Value, bool Breached, LogQuery Matching)
{
    /// <summary>The window had nothing to judge; <see cref="Value"/> and <see cref="Breached"/> come from the rule's <see cref="NoDataHandling"/>.</summary>
    public bool NoData { get; init; }

    /// <summary>Nothing to judge and the rule keeps its last state: the scheduler leaves the state as it is.</summary>
    public bool StateStands { get; init; }
}
