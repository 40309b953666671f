namespace Console.Web.Alerts.Notifications;

/// <summary>How a rule compares the observed value with its threshold.</summary>
public enum ThresholdComparison
{
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}
