using Console.Web.Alerts.Rules;

namespace Console.Web.Alerts.Evaluation;

/// <summary>Told of every change to Firing or Resolved that is not suppressed; delivers it to the rule's channels.</summary>
public interface IAlertNotifier
{
    Task NotifyAsync(AlertRule rule, AlertTransition transition, RuleMeasurement measurement, CancellationToken cancellationToken);
}
