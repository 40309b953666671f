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
        var matching = measurement.Matching;
        var to = matching.To ?? transition.At;
        var from = matching.From ?? to - rule.Window;
        var query = matching.Query ?? "";
        var notification = new AlertNotification
        {
            RuleId = rule.Id.ToString(),
            RuleName = rule.Name,
            State = transition.To,
            Metric = rule.Kind == AlertRuleKind.Ratio ? "percent of matching events" : "count",
            Value = transition.Value ?? 0,
            Comparison = rule.Comparison,
            Threshold = transition.Threshold,
            GroupField = transition.GroupValue is null ? null : rule.GroupField,
            GroupValue = transition.GroupValue,
            IndexPattern = matching.IndexPattern,
            Query = query,
            WindowStart = from,
            WindowEnd = to,
            Lines = await FirstLinesAsync(matching with { From = from, To = to }, rule.Name, cancellationToken),
            // The measurement's query already narrows a grouped rule to its group.
            DiscoverUrl = links.For(matching.IndexPattern, query, from, to),
            CreatedAt = time.GetUtcNow(),
        };
        // The console's own list always, and the channels the rule names (one deleted meanwhile is skipped).
        var targets = new List<NotificationChannelDefinition> { ConsoleFeed };
        targets.AddRange(await channels.FindAsync(rule.ChannelIds.ToList(), cancellationToken));
        await dispatcher.EnqueueAsync(notification, targets, cancellationToken);
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
