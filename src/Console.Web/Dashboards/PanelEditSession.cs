namespace Console.Web.Dashboards;

/// <summary>The panel open in the editor: where it sits on the dashboard (null for a new one) and what it held.</summary>
public sealed record PanelEditSession(int? Position, PanelInput? Initial);
