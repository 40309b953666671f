namespace Console.Web.Alerts.Notifications;

/// <summary>Why a rule notifies: its condition started to hold, or stopped holding.</summary>
public enum AlertTransition
{
    Firing,
    Resolved,
}
