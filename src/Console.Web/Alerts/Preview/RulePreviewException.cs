namespace Console.Web.Alerts.Preview;

/// <summary>A rule that cannot be previewed as it stands (its window and step would take too many store requests), with the reason.</summary>
public sealed class RulePreviewException(string message) : Exception(message);
