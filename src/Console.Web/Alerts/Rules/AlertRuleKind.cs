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

    /// <summary>No event matches the query in the window (a service that stopped logging).</summary>
    Absence,

    /// <summary>The count per value of a field, each value its own alert (failed logins per client IP &gt; 5).</summary>
    Grouped,
}
