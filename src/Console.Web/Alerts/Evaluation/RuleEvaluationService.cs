using System.Collections.Concurrent;
using Console.Shared.Storage;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Rules;
using Console.Web.Discover;
using Console.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Evaluation;

/// <summary>
/// The rule scheduler: every tick it evaluates the enabled rules that are due, moves each rule (or each group value)
/// through OK → Pending → Firing → Resolved, keeps every change in the history and hands changes to Firing and Resolved
/// to the notifier, or (when the rule is snoozed or a maintenance window is open) has the notifier record them as suppressed. States live in the database, so a
/// restart neither fires again nor forgets a firing alert.
/// </summary>
public sealed partial class RuleEvaluationService(
    IDbContextFactory<ConsoleDbContext> contexts,
    RuleEvaluator evaluator,
    IEnumerable<IAlertNotifier> notifiers,
    TimeProvider clock,
    IOptions<AlertingOptions> options,
    ILogger<RuleEvaluationService> logger) : BackgroundService
{
    // When each rule last ran; after a restart every rule runs at the first tick, its stored state carrying on.
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastRuns = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Tick, clock);
        do
        {
            try
            {
                await EvaluateDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogTickFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Evaluates every enabled rule whose last evaluation is at least its EvaluateEvery ago; returns how many ran.</summary>
    public async Task<int> EvaluateDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<AlertRule> rules;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            rules = await db.AlertRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken);
        }

        var ran = 0;
        foreach (var rule in rules.Where(r => !_lastRuns.TryGetValue(r.Id, out var last) || now - last >= r.EvaluateEvery))
        {
            _lastRuns[rule.Id] = now;
            await EvaluateAsync(rule, now, cancellationToken);
            ran++;
        }

        return ran;
    }

    /// <summary>Evaluates one rule at <paramref name="now"/> and records what changed.</summary>
    public async Task EvaluateAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<RuleMeasurement> measurements;
        try
        {
            measurements = await evaluator.MeasureAsync(rule, now, cancellationToken);
        }
        catch (Exception ex) when (ex is Console.Shared.Query.QuerySyntaxException or Console.Shared.Storage.StoreRequestException)
        {
            // A rule the store cannot run (say, a field whose type changed) keeps its state; the log says why.
            LogRuleFailed(logger, rule.Name, ex.Message);
            return;
        }

        var notifications = new List<(AlertTransition, RuleMeasurement, (SuppressionReason Reason, string Detail)?)>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var rows = await db.AlertStates.Where(s => s.RuleId == rule.Id).ToDictionaryAsync(s => s.GroupKey, cancellationToken);
            var windows = await db.MaintenanceWindows.AsNoTracking().Where(w => w.RuleId == null || w.RuleId == rule.Id).ToListAsync(cancellationToken);
            (SuppressionReason Reason, string Detail)? suppression = rule.SnoozedUntil > now ? (SuppressionReason.Snoozed, $"rule snoozed until {rule.SnoozedUntil:u}")
                : windows.FirstOrDefault(w => w.Covers(rule.Id, now)) is { } window ? (SuppressionReason.MaintenanceWindow, $"maintenance window '{window.Name}'") : null;

            // Group values that are no longer measured (no events in the window) count as not breached, so they resolve.
            var measured = measurements.ToDictionary(m => m.GroupValue ?? "");
            foreach (var stale in rows.Keys.Where(key => !measured.ContainsKey(key)).ToList())
            {
                var query = stale.Length > 0 && rule.GroupField is { } field ? QueryFilters.Add(rule.Query, field, stale, negate: false) : rule.Query;
                measured[stale] = new RuleMeasurement(rows[stale].GroupValue, 0, false, new LogQuery(rule.IndexPattern, query, now - rule.Window, now));
            }

            foreach (var (key, measurement) in measured)
            {
                if (measurement.StateStands)
                {
                    continue; // nothing to judge and the rule keeps its last state until there is
                }

                if (!rows.TryGetValue(key, out var row))
                {
                    if (!measurement.Breached && key.Length > 0)
                    {
                        continue; // a group value gets a row once it breaches; the rest is OK (an ungrouped rule always has one, for its last value)
                    }

                    row = new AlertStateRow { RuleId = rule.Id, GroupKey = key, State = AlertState.Ok, Since = now };
                    db.AlertStates.Add(row);
                }

                var (next, transition) = AlertStateMachine.Step(row.ToGroupState(), measurement.Breached, measurement.Value, rule, now);
                row.State = next.State;
                row.Since = next.Since;
                row.LastValue = next.LastValue;
                row.LastEvaluated = now;
                if (transition is null)
                {
                    continue;
                }

                if (transition.To is AlertState.Resolved or AlertState.Ok)
                {
                    row.AcknowledgedAt = null;
                }

                var notifies = transition.To is AlertState.Firing or AlertState.Resolved;
                db.AlertHistory.Add(AlertHistoryEntry.Of(transition, notifies ? suppression?.Detail : null));
                if (notifies)
                {
                    notifications.Add((transition, measurement, suppression));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var (transition, measurement, suppression) in notifications)
        {
            LogTransition(logger, rule.Name, transition.GroupValue ?? "-", transition.From, transition.To, transition.Value);
            foreach (var notifier in notifiers)
            {
                if (suppression is { } held)
                {
                    await notifier.SuppressAsync(rule, transition, measurement, held.Reason, held.Detail, cancellationToken);
                }
                else
                {
                    await notifier.NotifyAsync(rule, transition, measurement, cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alerting is off (Alerting:Enabled=false); rules are kept but not evaluated")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evaluating the alert rules failed; trying again at the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert rule '{Rule}' cannot be evaluated: {Reason}")]
    private static partial void LogRuleFailed(ILogger logger, string rule, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert rule '{Rule}' [{Group}]: {From} -> {To} (value {Value})")]
    private static partial void LogTransition(ILogger logger, string rule, string group, AlertState from, AlertState to, double? value);
}
