namespace Console.Web.Alerts.Rules;

public enum ThresholdComparison
{
    /// <summary>Breached when the value is strictly greater than the threshold.</summary>
    Above,

    /// <summary>Breached when the value is strictly less than the threshold.</summary>
    Below,
}
