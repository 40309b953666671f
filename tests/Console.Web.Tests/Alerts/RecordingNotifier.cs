using System.Collections.Concurrent;
using Console.Web.Alerts.Evaluation;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts;

/// <summary>Keeps every notification the scheduler hands out, in order.</summary>
public sealed class RecordingNotifier : IAlertNotifier
{
    public ConcurrentQueue<(AlertRule Rule, AlertTransition Transition, RuleMeasurement Measurement)> Sent { get; } = new();

    public Task NotifyAsync(AlertRule rule, AlertTransition transition, RuleMeasurement measurement, CancellationToken cancellationToken)
    {
        Sent.Enqueue((rule, transition, measurement));
        return Task.CompletedTask;
    }
}
