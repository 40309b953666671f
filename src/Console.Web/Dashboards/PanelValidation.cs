namespace Console.Web.Dashboards;

/// <summary>A checked panel, or every reason it was refused (paths relative to the panel: <c>query</c>, <c>split_field</c>).</summary>
public sealed record PanelValidation(DashboardPanel? Panel, IReadOnlyList<DashboardError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The first error of <paramref name="path"/>, for the editor field it belongs to.</summary>
    public DashboardError? ErrorOf(string path) => Errors.FirstOrDefault(e => e.Path == path);
}
