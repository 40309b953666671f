using System.Text.Json.Serialization;

namespace Console.Web.Alerts.Rules;

/// <summary>
/// What a metric or ratio rule does when its window has nothing to judge (no event with a value of the field, or no
/// event of the ratio's base), as Grafana's "Alert state if no data".
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<NoDataHandling>))]
public enum NoDataHandling
{
    /// <summary>The state stands until there is data again: a firing alert keeps firing, a pending one keeps waiting.</summary>
    KeepLastState,

    /// <summary>No data is good news: a firing alert resolves, a pending one returns to OK.</summary>
    Ok,

    /// <summary>No data is a breach (a service that stopped reporting its latency), pending then firing as any breach.</summary>
    Alerting,

    /// <summary>The value is 0, compared with the threshold as any value (an error rate of 0 %, a sum of nothing).</summary>
    TreatAsZero,
}
