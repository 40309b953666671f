using System.ComponentModel.DataAnnotations;

namespace Console.Web.Alerts.Evaluation;

/// <summary>Settings of the rule scheduler (section <c>Alerting</c>).</summary>
public sealed class AlertingOptions
{
    public const string Section = "Alerting";

    /// <summary>Off turns the scheduler off (rules are kept; nothing is evaluated).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler looks for rules that are due; each rule still runs only every EvaluateEvery.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(5);
}
