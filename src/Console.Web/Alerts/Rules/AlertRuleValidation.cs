using Console.Shared.Events;
using Console.Shared.Query;

namespace Console.Web.Alerts.Rules;

/// <summary>What is wrong with a rule, in words for the rule editor and the API's 400; empty when it can be saved.</summary>
public static class AlertRuleValidation
{
    public const int MaxNameLength = 200;
    public static readonly TimeSpan MinimumEvaluateEvery = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaximumWindow = TimeSpan.FromDays(7);

    public static IReadOnlyList<string> Validate(AlertRule rule, IFieldTypes fields, DateTimeOffset now)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            errors.Add("The rule needs a name.");
        }
        else if (rule.Name.Length > MaxNameLength)
        {
            errors.Add($"The name is longer than {MaxNameLength} characters.");
        }

        if (IndexNames.ValidatePattern(rule.IndexPattern) is { } patternError)
        {
            errors.Add($"The {patternError}.");
        }

        CheckQuery("query", rule.Query, fields, now, errors);
        switch (rule.Kind)
        {
            case AlertRuleKind.Ratio when string.IsNullOrWhiteSpace(rule.RatioBaseQuery):
                errors.Add("A ratio rule needs the base query its query is a share of (e.g. every request).");
                break;
            case AlertRuleKind.Ratio:
                CheckQuery("base query", rule.RatioBaseQuery!, fields, now, errors);
                break;
            case AlertRuleKind.Grouped when string.IsNullOrWhiteSpace(rule.GroupField):
                errors.Add("A grouped rule needs the field to group by (e.g. client_ip).");
                break;
        }

        if (rule.Kind != AlertRuleKind.Absence && (double.IsNaN(rule.Threshold) || double.IsInfinity(rule.Threshold) || rule.Threshold < 0))
        {
            errors.Add("The threshold must be a number of zero or more.");
        }

        if (rule.Kind == AlertRuleKind.Ratio && rule.Threshold > 100)
        {
            errors.Add("A ratio's threshold is a percentage, at most 100.");
        }

        if (rule.Window <= TimeSpan.Zero || rule.Window > MaximumWindow)
        {
            errors.Add($"The window must be more than zero and at most {MaximumWindow.TotalDays:0} days.");
        }

        if (rule.PendingFor < TimeSpan.Zero)
        {
            errors.Add("The pending duration cannot be negative.");
        }

        if (rule.EvaluateEvery < MinimumEvaluateEvery)
        {
            errors.Add($"Rules are evaluated at most every {MinimumEvaluateEvery.TotalSeconds:0} seconds.");
        }

        return errors;
    }

    private static void CheckQuery(string what, string query, IFieldTypes fields, DateTimeOffset now, List<string> errors)
    {
        try
        {
            LogQueryParser.Parse(query, fields, now);
        }
        catch (QuerySyntaxException ex)
        {
            errors.Add($"The {what} has an error: {ex.MessageWithPosition}");
        }
    }
}
