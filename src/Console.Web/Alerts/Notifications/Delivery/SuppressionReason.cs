using System.Text.Json.Serialization;

namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>Why the rule engine held a notification back.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuppressionReason>))]
public enum SuppressionReason
{
    /// <summary>The rule is snoozed.</summary>
    Snoozed,

    /// <summary>A maintenance window covers the rule.</summary>
    MaintenanceWindow,

    /// <summary>Someone acknowledged the firing alert.</summary>
    Acknowledged,
}
