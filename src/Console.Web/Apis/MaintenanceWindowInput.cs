namespace Console.Web.Apis;

/// <summary>The body of <c>POST /api/alerts/maintenance-windows</c>; no rule id silences every rule.</summary>
public sealed record MaintenanceWindowInput(string? Name, DateTimeOffset? Starts, DateTimeOffset? Ends, Guid? RuleId);
