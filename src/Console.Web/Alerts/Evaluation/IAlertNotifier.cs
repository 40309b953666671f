using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Evaluation;

/// <summary>Told of every change to Firing or Resolved; delivers it to the rule's channels, or records why it did not.</summary>
public interface IAlertNotifier
{
    Task NotifyAsync(AlertRule rule, AlertTransition transition, RuleMeasurement measurement, CancellationToken cancellationToken);

    /// <summary>Records that a change was held back (a snooze, a maintenance window) and for whom, so the delivery log shows it.</summary>
    Task SuppressAsync(AlertRule rule, AlertTransition transition, RuleMeasurement measurement, SuppressionReason reason, string detail, CancellationToken cancellationToken);
}
