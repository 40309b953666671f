using System.Text.Json.Serialization;

namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>What became of one delivery attempt.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryOutcome>))]
public enum DeliveryOutcome
{
    Delivered,

    /// <summary>The destination refused or could not be reached; see the status and error.</summary>
    Failed,

    /// <summary>No answer within <c>Alerts:Notifications:AttemptTimeout</c>.</summary>
    TimedOut,

    /// <summary>Not sent because the rule engine held it back (snooze, maintenance window, acknowledged).</summary>
    Suppressed,

    /// <summary>Never sent: the delivery queue was full, or the console stopped before its turn.</summary>
    Dropped,
}
