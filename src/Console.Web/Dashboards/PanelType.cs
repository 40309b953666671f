using System.Text.Json.Serialization;

namespace Console.Web.Dashboards;

/// <summary>How a dashboard panel shows its aggregation; the JSON names are those of the API and of exported dashboards.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<PanelType>))]
public enum PanelType
{
    /// <summary>A metric per time bucket, one line per split value.</summary>
    TimeSeries,

    /// <summary>The top values of a field as horizontal bars, optionally broken down by a second field.</summary>
    Bar,

    /// <summary>The top values of a field as shares of a ring.</summary>
    Donut,

    /// <summary>One number: a count, an average, a distinct count.</summary>
    SingleStat,

    /// <summary>Percentiles of a numeric field over time, with their values over the whole range.</summary>
    Percentiles,

    /// <summary>The newest matching events with chosen columns.</summary>
    Table,
}
