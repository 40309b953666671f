using System.Text.Json.Serialization;

namespace Console.Web.Alerts.Rules;

/// <summary>Where one rule (or one group value of a grouped rule) stands: OK → Pending → Firing → Resolved.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertState>))]
public enum AlertState
{
    Ok,

    /// <summary>Breached, but not yet for the rule's pending duration.</summary>
    Pending,

    Firing,

    /// <summary>Was firing and no longer is; behaves as OK until the next breach.</summary>
    Resolved,
}
