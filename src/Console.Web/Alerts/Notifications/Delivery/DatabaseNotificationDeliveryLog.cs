using Console.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>
/// The delivery log in the console's database, so a restart keeps what was sent, failed or held back: the newest
/// <c>Alerts:Notifications:DeliveryLogCapacity</c> attempts of the last <c>Alerts:Notifications:Retention</c>.
/// </summary>
public sealed class DatabaseNotificationDeliveryLog(
    IDbContextFactory<ConsoleDbContext> contexts,
    IOptions<AlertNotificationOptions> options,
    TimeProvider time) : INotificationDeliveryLog
{
    // Trimming on every write would double the writes; every so many keeps the table within a few rows of its bounds.
    private const int TrimEvery = 50;
    private readonly NotificationRetention _retention = new(TrimEvery);

    public async Task RecordAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default)
    {
        // Cut to the column's length: an exception's text from a far server is not ours to bound.
        var detail = attempt.Detail is { Length: > 4000 } long_ ? long_[..4000] : attempt.Detail;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.DeliveryAttempts.Add(attempt with { Detail = detail });
        await db.SaveChangesAsync(cancellationToken);
        if (_retention.IsDue())
        {
            await TrimAsync(db, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> ForNotificationAsync(string notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DeliveryAttempts.AsNoTracking().Where(a => a.NotificationId == notificationId)
            .OrderBy(a => EF.Property<long>(a, DeliveryAttemptConfiguration.Key)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> ForRuleAsync(string ruleId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DeliveryAttempts.AsNoTracking().Where(a => a.RuleId == ruleId)
            .OrderByDescending(a => EF.Property<long>(a, DeliveryAttemptConfiguration.Key)).Take(Math.Max(0, limit)).ToListAsync(cancellationToken);
    }

    /// <summary>Deletes attempts older than the retention and all but the newest capacity; returns how many went.</summary>
    public async Task<int> TrimAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await TrimAsync(db, cancellationToken);
    }

    private async Task<int> TrimAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        var deleted = await db.DeliveryAttempts.Where(a => a.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        var newest = await db.DeliveryAttempts.MaxAsync(a => (long?)EF.Property<long>(a, DeliveryAttemptConfiguration.Key), cancellationToken);
        if (newest is { } last)
        {
            var keepFrom = last - options.Value.DeliveryLogCapacity;
            deleted += await db.DeliveryAttempts.Where(a => EF.Property<long>(a, DeliveryAttemptConfiguration.Key) <= keepFrom).ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }
}
