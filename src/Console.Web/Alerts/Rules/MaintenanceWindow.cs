namespace Console.Web.Alerts.Rules;

/// <summary>A time during which rules are evaluated and their history kept but nobody is notified (table <c>maintenance_windows</c>).</summary>
public sealed class MaintenanceWindow
{
    public const int MaxNameLength = 200;

    public long Id { get; set; }

    public string Name { get; set; } = "";

    public DateTimeOffset Starts { get; set; }

    public DateTimeOffset Ends { get; set; }

    /// <summary>The one rule it silences; null silences every rule.</summary>
    public Guid? RuleId { get; set; }

    public bool Covers(Guid ruleId, DateTimeOffset at) => at >= Starts && at < Ends && (RuleId is null || RuleId == ruleId);
}
