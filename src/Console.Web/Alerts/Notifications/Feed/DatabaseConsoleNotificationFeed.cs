using System.Text.Json;
using Console.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications.Feed;

/// <summary>
/// The console's notification list in its database, so the bell still shows them after a restart: the newest
/// <c>Alerts:Notifications:FeedCapacity</c> of the last <c>Alerts:Notifications:Retention</c>.
/// </summary>
public sealed class DatabaseConsoleNotificationFeed(
    IDbContextFactory<ConsoleDbContext> contexts,
    IOptions<AlertNotificationOptions> options,
    TimeProvider time,
    ILogger<DatabaseConsoleNotificationFeed> logger) : IConsoleNotificationFeed
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly NotificationFeedSubscribers _subscribers = new(logger);

    public async Task AddAsync(AlertNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.ConsoleNotifications.AnyAsync(n => n.Id == notification.Id, cancellationToken))
            {
                return;
            }

            db.ConsoleNotifications.Add(new ConsoleNotificationRow
            {
                Id = notification.Id,
                RuleId = notification.RuleId,
                ReceivedAt = time.GetUtcNow(),
                Json = JsonSerializer.Serialize(notification, Json),
            });
            await db.SaveChangesAsync(cancellationToken);
            await TrimAsync(db, cancellationToken);
        }

        _subscribers.Notify();
    }

    public async Task<IReadOnlyList<ConsoleNotification>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ConsoleNotifications.AsNoTracking().OrderByDescending(n => n.Sequence).Take(Math.Max(0, limit)).ToListAsync(cancellationToken);
        return rows.Select(ToNotification).OfType<ConsoleNotification>().ToList();
    }

    public async Task<int> CountUnreadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ConsoleNotifications.CountAsync(n => !n.Read, cancellationToken);
    }

    public async Task<bool> MarkReadAsync(string id, CancellationToken cancellationToken = default)
    {
        int changed;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.ConsoleNotifications.AnyAsync(n => n.Id == id, cancellationToken))
            {
                return false;
            }

            changed = await db.ConsoleNotifications.Where(n => n.Id == id && !n.Read).ExecuteUpdateAsync(u => u.SetProperty(n => n.Read, true), cancellationToken);
        }

        if (changed > 0)
        {
            _subscribers.Notify();
        }

        return true;
    }

    public async Task MarkAllReadAsync(CancellationToken cancellationToken = default)
    {
        int changed;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            changed = await db.ConsoleNotifications.Where(n => !n.Read).ExecuteUpdateAsync(u => u.SetProperty(n => n.Read, true), cancellationToken);
        }

        if (changed > 0)
        {
            _subscribers.Notify();
        }
    }

    public IDisposable Subscribe(Action changed) => _subscribers.Subscribe(changed);

    private async Task TrimAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        await db.ConsoleNotifications.Where(n => n.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var newest = await db.ConsoleNotifications.MaxAsync(n => (long?)n.Sequence, cancellationToken);
        if (newest is { } last)
        {
            var keepFrom = last - options.Value.FeedCapacity;
            await db.ConsoleNotifications.Where(n => n.Sequence <= keepFrom).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private ConsoleNotification? ToNotification(ConsoleNotificationRow row)
    {
        try
        {
            return JsonSerializer.Deserialize<AlertNotification>(row.Json, Json) is { } notification ? new ConsoleNotification(notification, row.ReceivedAt, row.Read) : null;
        }
        catch (JsonException e)
        {
            // A row written by a console whose notification had another shape: skipped, not a broken bell.
            logger.LogWarning(e, "Console notification {Id} cannot be read; it is not shown", row.Id);
            return null;
        }
    }
}
