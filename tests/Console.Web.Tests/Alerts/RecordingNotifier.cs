using System.Collections.Concurrent;
using Console.Web.Alerts.Evaluation;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts;

/// <summary>Keeps every notification the scheduler hands out, in order, and every one it holds back.</summary>
public sealed class RecordingNotifier : IAlertNotifier
{
    public ConcurrentQueue<(AlertRule Rule, AlertTransition Transition, RuleMeasurement Measurement)> Sent { get; } = new();

    public Task NotifyAsync(AlertRule rule, AlertTransition transition, RuleMeasurement measurement, CancellationToken cancellationToken)
    {
        Sent.Enqueue((rule, transition, measurement));
        return Task.CompletedTask;
    }

    /// <summary>The changes held back, with why.</summary>
    public ConcurrentQueue<(AlertTransition Transition, SuppressionReason Reason, string Detail)> Suppressed { get; } = new();

    public Task SuppressAsync(AlertRule rule, AlertTransition transition, RuleMeasurement measurement, SuppressionReason reason, string detail, CancellationToken cancellationToken)
    {
        Suppressed.Enqueue((transition, reason, detail));
        return Task.CompletedTask;
    }
}
