using Console.Shared.Storage;
using Console.Web.Alerts.Evaluation;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Rules;
using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications;

/// <summary>
/// The rule engine's notifier: turns a Firing or Resolved transition into an <see cref="AlertNotification"/> (with the
/// first matching events and a Discover link) and hands it to the dispatcher for the in-console feed and the channels
/// the rule names.
/// </summary>
public sealed class DispatchingAlertNotifier(
    INotificationDispatcher dispatcher,
    INotificationChannelLookup channels,
    ILogStore store,
    DiscoverLinks links,
    IOptions<AlertNotificationOptions> options,
    TimeProvider time,
    ILogger<DispatchingAlertNotifier> logger) : IAlertNotifier
{
    /// <summary>The channel every rule notifies, besides its own.</summary>
    public static readonly NotificationChannelDefinition ConsoleFeed = new() { Id = "console", Name = "Console", Type = NotificationChannelType.Console };

    public async Task NotifyAsync(AlertRule rule, AlertTransition transition, RuleMeasurement measurement, CancellationToken cancellationToken)
    {
        var notification = await BuildAsync(rule, transition, measurement, withLines: true, cancellationToken);
        await dispatcher.EnqueueAsync(notification, await TargetsAsync(rule, cancellationToken), cancellationToken);
    }

    public async Task SuppressAsync(
        AlertRule rule, AlertTransition transition, RuleMeasurement measurement, SuppressionReason reason, string detail, CancellationToken cancellationToken)
    {
        // Nobody reads a held-back notification's lines; the delivery log keeps who would have been told and why not.
        var notification = await BuildAsync(rule, transition, measurement, withLines: false, cancellationToken);
        await dispatcher.SuppressAsync(notification, await TargetsAsync(rule, cancellationToken), reason, detail, cancellationToken);
    }

    private async Task<AlertNotification> BuildAsync(AlertRule rule, AlertTransition transition, RuleMeasurement measurement, bool withLines, CancellationToken cancellationToken)
    {
        var matching = measurement.Matching;
        var to = matching.To ?? transition.At;
        var from = matching.From ?? to - rule.Window;
        var query = matching.Query ?? "";
        return new AlertNotification
        {
            RuleId = rule.Id.ToString(),
            RuleName = rule.Name,
            State = transition.To,
            Metric = MetricAggregations.Describe(rule),
            Value = transition.Value ?? 0,
            NoData = measurement.NoData,
            Comparison = rule.Comparison,
            Threshold = transition.Threshold,
            GroupField = transition.GroupValue is null ? null : rule.GroupField,
            GroupValue = transition.GroupValue,
            IndexPattern = matching.IndexPattern,
            Query = query,
            WindowStart = from,
            WindowEnd = to,
            Lines = withLines ? await FirstLinesAsync(matching with { From = from, To = to }, rule.Name, cancellationToken) : [],
            // The measurement's query already narrows a grouped rule to its group.
            DiscoverUrl = links.For(matching.IndexPattern, query, from, to),
            CreatedAt = time.GetUtcNow(),
        };
    }

    // The console's own list always, and the channels the rule names (one deleted meanwhile is skipped).
    private async Task<List<NotificationChannelDefinition>> TargetsAsync(AlertRule rule, CancellationToken cancellationToken)
    {
        var targets = new List<NotificationChannelDefinition> { ConsoleFeed };
        targets.AddRange(await channels.FindAsync(rule.ChannelIds.ToList(), cancellationToken));
        return targets;
    }

    private async Task<IReadOnlyList<AlertLogLine>> FirstLinesAsync(LogQuery matching, string ruleName, CancellationToken cancellationToken)
    {
        if (options.Value.MaxLogLines == 0)
        {
            return [];
        }

        try
        {
            var result = await store.SearchAsync(new SearchRequest(matching, options.Value.MaxLogLines), cancellationToken);
            return result.Hits.Select(hit => AlertLogLine.From(new Console.Shared.Events.LogEvent(hit.Id, hit.Index, hit.Timestamp, hit.Source))).ToList();
        }
        catch (Exception e) when (e is StoreRequestException or Console.Shared.Query.QuerySyntaxException)
        {
            // The alert itself matters more than its sample lines: notify without them.
            logger.LogWarning(e, "Could not read the matching log lines of alert rule {Rule}", ruleName);
            return [];
        }
    }
}
