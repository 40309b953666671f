using Console.Shared.Query.Limits;
using Console.Shared.Events;
using Console.Shared.Query;

namespace Console.Web.Alerts.Rules;

/// <summary>What is wrong with a rule, in words for the rule editor and the API's 400; empty when it can be saved.</summary>
public static class AlertRuleValidation
{
    public const int MaxNameLength = 200;
    public static readonly TimeSpan MinimumEvaluateEvery = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaximumWindow = TimeSpan.FromDays(7);

    public static IReadOnlyList<string> Validate(AlertRule rule, IFieldTypes fields, DateTimeOffset now, QueryLimitsOptions? limits = null)
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

        CheckQuery("query", rule.Query, fields, now, limits, errors);
        switch (rule.Kind)
        {
            case AlertRuleKind.Ratio when string.IsNullOrWhiteSpace(rule.RatioBaseQuery):
                errors.Add("A ratio rule needs the base query its query is a share of (e.g. every request).");
                break;
            case AlertRuleKind.Ratio:
                CheckQuery("base query", rule.RatioBaseQuery!, fields, now, limits, errors);
                break;
            case AlertRuleKind.Grouped when string.IsNullOrWhiteSpace(rule.GroupField):
                errors.Add("A grouped rule needs the field to group by (e.g. client_ip).");
                break;
            case AlertRuleKind.Grouped when fields.TypeOf(rule.GroupField!) == FieldType.Text:
                errors.Add($"{rule.GroupField} is a full-text field; group by a keyword, number or boolean field.");
                break;
            case AlertRuleKind.MetricThreshold:
                CheckMetric(rule, fields, errors);
                break;
        }

        if (!Enum.IsDefined(rule.NoData))
        {
            errors.Add($"Unknown no-data handling {rule.NoData}: use KeepLastState, Ok, Alerting or TreatAsZero.");
        }
        else if (rule.NoData != NoDataHandling.KeepLastState && !NoDataHandlings.AppliesTo(rule.Kind))
        {
            errors.Add("What to do without data applies to metric threshold and ratio rules; other rules always have a count to judge.");
        }

        if (!Enum.IsDefined(rule.Kind))
        {
            errors.Add($"Unknown rule kind {rule.Kind}.");
        }

        if (rule.Kind == AlertRuleKind.MetricThreshold)
        {
            // A field's value may be negative (a temperature, an offset), so only a real number is required.
            if (!double.IsFinite(rule.Threshold))
            {
                errors.Add("The threshold must be a number.");
            }
        }
        else if (rule.Kind != AlertRuleKind.Absence && (!double.IsFinite(rule.Threshold) || rule.Threshold < 0))
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

    private static void CheckMetric(AlertRule rule, IFieldTypes fields, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(rule.MetricField))
        {
            errors.Add("A metric rule needs the numeric field it measures (e.g. duration_ms).");
            return;
        }

        if (!Enum.IsDefined(rule.Aggregation))
        {
            errors.Add($"Unknown aggregation {rule.Aggregation}: use avg, min, max, sum, p50, p95 or p99.");
        }

        // A field no event has had yet is allowed (the rule may be written before the service logs it); a known one must be numeric.
        if (fields.TypeOf(rule.MetricField) is { } type and not (FieldType.Long or FieldType.Double))
        {
            errors.Add($"{rule.MetricField} is a {type.ToString().ToLowerInvariant()} field; a metric rule needs a numeric field.");
        }
    }

    private static void CheckQuery(string what, string query, IFieldTypes fields, DateTimeOffset now, QueryLimitsOptions? limits, List<string> errors)
    {
        try
        {
            LogQueryParser.Parse(query, fields, now, limits ?? LogQueryParser.DefaultLimits);
        }
        catch (QuerySyntaxException ex)
        {
            errors.Add($"The {what} has an error: {ex.MessageWithPosition}");
        }
    }
}
