using System.Text.Json.Serialization;

namespace Console.Web.Alerts.Rules;

[JsonConverter(typeof(JsonStringEnumConverter<ThresholdComparison>))]
public enum ThresholdComparison
{
    /// <summary>Breached when the value is strictly greater than the threshold.</summary>
    Above,

    /// <summary>Breached when the value is strictly less than the threshold.</summary>
    Below,
}
