using Microsoft.Extensions.Options;
using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Console.Web.Discover;
using Console.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Console.Web.Alerts.Rules;

/// <summary>
/// Rules, their current alerts and history, snoozes, acknowledgements and maintenance windows in the console's
/// database. A rule is checked before it is saved (its queries against the index pattern's fields), so the scheduler
/// only meets rules that run.
/// </summary>
public sealed class AlertRuleService(IDbContextFactory<ConsoleDbContext> contexts, ILogStore store, TimeProvider clock, IOptions<QueryLimitsOptions>? limits = null)
{
    public async Task<IReadOnlyList<AlertRule>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.AlertRules.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<AlertRule?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    /// <summary>Why <paramref name="rule"/> cannot be saved; empty when it can.</summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(AlertRule rule, CancellationToken cancellationToken = default)
    {
        var fields = Console.Shared.Events.IndexNames.ValidatePattern(rule.IndexPattern) is null
            ? await store.GetFieldsAsync(rule.IndexPattern, cancellationToken)
            : [];
        var errors = AlertRuleValidation.Validate(rule, new FieldTypeMap(fields), clock.GetUtcNow(), limits?.Value).ToList();
        if (rule.ChannelIds.Count > 0)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var ids = rule.ChannelIds.ToList();
            var known = await db.NotificationChannels.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            errors.AddRange(rule.ChannelIds.Except(known).Select(id => $"There is no notification channel '{id}'."));
        }

        return errors;
    }

    /// <summary>Creates the rule when <paramref name="id"/> is null, else replaces rule <paramref name="id"/> (keeping its alerts and history).</summary>
    public async Task<AlertRuleSaveResult> SaveAsync(Guid? id, AlertRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule = rule with { Id = id ?? Guid.NewGuid(), Name = rule.Name.Trim() };
        var errors = await ValidateAsync(rule, cancellationToken);
        if (errors.Count > 0)
        {
            return new AlertRuleSaveResult(null, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lowered = rule.Name.ToLowerInvariant();
        if (await db.AlertRules.AnyAsync(r => r.Id != rule.Id && r.Name.ToLower() == lowered, cancellationToken))
        {
            return new AlertRuleSaveResult(null, [$"A rule named '{rule.Name}' already exists."], Conflict: true);
        }

        if (id is null)
        {
            db.AlertRules.Add(rule);
        }
        else
        {
            var existing = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (existing is null)
            {
                return new AlertRuleSaveResult(null, [$"There is no rule {id}."], NotFound: true);
            }

            db.Entry(existing).CurrentValues.SetValues(rule);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new AlertRuleSaveResult(rule, []);
    }

    /// <summary>Deletes the rule with its alerts, history and own maintenance windows; false when there is none.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.AlertStates.Where(s => s.RuleId == id).ExecuteDeleteAsync(cancellationToken);
        await db.AlertHistory.Where(h => h.RuleId == id).ExecuteDeleteAsync(cancellationToken);
        await db.MaintenanceWindows.Where(w => w.RuleId == id).ExecuteDeleteAsync(cancellationToken);
        return await db.AlertRules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Silences the rule's notifications until <paramref name="until"/> (null lifts the snooze); false when there is no such rule.</summary>
    public async Task<bool> SnoozeAsync(Guid id, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return false;
        }

        db.Entry(rule).CurrentValues.SetValues(rule with { SnoozedUntil = until });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Turns a rule's evaluation on or off (its state and history stay); false when there is no such rule.</summary>
    public async Task<bool> SetEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return false;
        }

        db.Entry(rule).CurrentValues.SetValues(rule with { Enabled = enabled });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The stored state of every rule and group value (OK ones included, with their last value).</summary>
    public async Task<IReadOnlyList<AlertStateRow>> StatesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertStates.AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>Every rule's alerts that are Pending or Firing, newest first.</summary>
    public async Task<IReadOnlyList<AlertStateRow>> ActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.AlertStates.AsNoTracking().Where(s => s.State == AlertState.Pending || s.State == AlertState.Firing).ToListAsync(cancellationToken))
            .OrderByDescending(s => s.Since).ToList();
    }

    /// <summary>Marks a firing alert as seen; false when the rule (or group value) is not firing.</summary>
    public async Task<bool> AcknowledgeAsync(Guid ruleId, string? groupValue, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = groupValue ?? "";
        var row = await db.AlertStates.FirstOrDefaultAsync(s => s.RuleId == ruleId && s.GroupKey == key && s.State == AlertState.Firing, cancellationToken);
        if (row is null)
        {
            return false;
        }

        row.AcknowledgedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The rule's (or every rule's) state changes, newest first.</summary>
    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(Guid? ruleId, int limit, CancellationToken cancellationToken = default) =>
        await HistoryAsync(ruleId, null, limit, cancellationToken);

    /// <summary>The rule's (or every rule's) changes into <paramref name="state"/> (or any), newest first.</summary>
    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(Guid? ruleId, AlertState? state, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AlertHistory.AsNoTracking();
        if (ruleId is { } id)
        {
            query = query.Where(h => h.RuleId == id);
        }

        if (state is { } to)
        {
            query = query.Where(h => h.To == to);
        }

        return await query.OrderByDescending(h => h.Id).Take(Math.Clamp(limit, 1, 10_000)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MaintenanceWindow>> MaintenanceWindowsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.MaintenanceWindows.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(w => w.Starts).ToList();
    }

    /// <summary>Adds a maintenance window; returns why not when it is not valid.</summary>
    public async Task<(MaintenanceWindow? Window, string? Error)> AddMaintenanceWindowAsync(MaintenanceWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (string.IsNullOrWhiteSpace(window.Name) || window.Name.Length > MaintenanceWindow.MaxNameLength)
        {
            return (null, $"A maintenance window needs a name of at most {MaintenanceWindow.MaxNameLength} characters.");
        }

        if (window.Ends <= window.Starts)
        {
            return (null, "A maintenance window must end after it starts.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (window.RuleId is { } ruleId && !await db.AlertRules.AnyAsync(r => r.Id == ruleId, cancellationToken))
        {
            return (null, $"There is no rule {ruleId}.");
        }

        window.Id = 0;
        window.Name = window.Name.Trim();
        db.MaintenanceWindows.Add(window);
        await db.SaveChangesAsync(cancellationToken);
        return (window, null);
    }

    public async Task<bool> DeleteMaintenanceWindowAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MaintenanceWindows.Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
