namespace Console.Web.Alerts.Preview;

/// <summary>The rule's value over the window ending at <see cref="At"/>; null when there was nothing to judge (no base events, no values).</summary>
public sealed record RulePreviewPoint(DateTimeOffset At, double? Value, bool Breached);
