using System.Text.Json.Serialization;

namespace Console.Web.Alerts.Rules;

/// <summary>What a rule measures over its window.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertRuleKind>))]
public enum AlertRuleKind
{
    /// <summary>The number of events matching the query, against the threshold (errors in 5 min &gt; 10).</summary>
    CountThreshold,

    /// <summary>Events matching the query as a percentage of those matching the ratio's base query (error rate &gt; 5 %).</summary>
    Ratio,

    /// <summary>An average, sum, minimum, maximum or percentile of a numeric field over the matching events (request time p95 &gt; 500 ms).</summary>
    MetricThreshold,

    /// <summary>No event matches the query in the window (a service that stopped logging).</summary>
    Absence,

    /// <summary>The count per value of a field, each value its own alert (failed logins per client IP &gt; 5).</summary>
    Grouped,
}
