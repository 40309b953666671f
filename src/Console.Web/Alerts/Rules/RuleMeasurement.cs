using Console.Shared.Storage;

namespace Console.Web.Alerts.Rules;

/// <summary>
/// One evaluation's result for a rule, or for one value of a grouped rule's field (<see cref="GroupValue"/>).
/// <see cref="Value"/> is null when there is nothing to measure (a ratio over no events). <see cref="Matching"/> is the
/// query that finds the events behind the value, for the notification's first lines and its Discover link.
/// </summary>
public sealed record RuleMeasurement(string? GroupValue, double? Value, bool Breached, LogQuery Matching);
