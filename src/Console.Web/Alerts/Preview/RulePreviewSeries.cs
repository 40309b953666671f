namespace Console.Web.Alerts.Preview;

/// <summary>One series of a preview (the rule, or one value of a grouped rule's field) and when it would have fired and resolved.</summary>
public sealed record RulePreviewSeries(string? GroupValue, IReadOnlyList<RulePreviewPoint> Points, IReadOnlyList<DateTimeOffset> FiresAt, IReadOnlyList<DateTimeOffset> ResolvesAt);
