namespace Console.Web.Dashboards;

/// <summary>One bar of a broken-down bar panel (a user) and its parts (the user's top endpoints), with what the parts leave out.</summary>
public sealed record PanelBreakdown(string Label, IReadOnlyList<PanelBar> Parts, long Other);
