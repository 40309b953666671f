using Console.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Console.Web.Alerts.Notifications;

/// <summary>The notification channels rules can name, in the console's database, each checked before it is saved.</summary>
public sealed class NotificationChannelService(IDbContextFactory<ConsoleDbContext> contexts, NotificationChannelValidator validator) : INotificationChannelLookup
{
    public async Task<IReadOnlyList<NotificationChannelDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.NotificationChannels.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Every reason <paramref name="channel"/> cannot be saved, as <c>field: message</c>; empty when it can.</summary>
    public List<string> Check(NotificationChannelDefinition channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var errors = validator.Validate(channel).Select(e => $"{e.Field}: {e.Message}").ToList();
        if (channel.Name.Trim().Length is 0 or > NotificationChannelConfiguration.MaxNameLength)
        {
            errors.Insert(0, $"name: a channel needs a name of at most {NotificationChannelConfiguration.MaxNameLength} characters");
        }

        if (channel.Type == NotificationChannelType.Console)
        {
            errors.Add("type: every rule already notifies the console; add a Webhook, Slack or Email channel");
        }

        return errors;
    }

    public async Task<IReadOnlyList<NotificationChannelDefinition>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.NotificationChannels.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>Saves a new channel under a fresh id; returns its errors instead when it is not valid or its name is taken.</summary>
    public async Task<(NotificationChannelDefinition? Channel, IReadOnlyList<string> Errors, bool Conflict)> CreateAsync(
        NotificationChannelDefinition channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        channel = channel with { Id = Guid.NewGuid().ToString("N")[..12], Name = channel.Name.Trim() };
        var errors = Check(channel);
        if (errors.Count > 0)
        {
            return (null, errors, false);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lowered = channel.Name.ToLowerInvariant();
        if (await db.NotificationChannels.AnyAsync(c => c.Name.ToLower() == lowered, cancellationToken))
        {
            return (null, [$"a channel named '{channel.Name}' already exists"], true);
        }

        db.NotificationChannels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        return (channel, [], false);
    }

    /// <summary>Replaces channel <paramref name="id"/> (rules naming it keep doing so); errors as for <see cref="CreateAsync"/>, or NotFound.</summary>
    public async Task<(NotificationChannelDefinition? Channel, IReadOnlyList<string> Errors, bool Conflict, bool NotFound)> UpdateAsync(
        string id, NotificationChannelDefinition channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        channel = channel with { Id = id, Name = channel.Name.Trim() };
        var errors = Check(channel);
        if (errors.Count > 0)
        {
            return (null, errors, false, false);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (existing is null)
        {
            return (null, [$"no notification channel with id {id}"], false, true);
        }

        var lowered = channel.Name.ToLowerInvariant();
        if (await db.NotificationChannels.AnyAsync(c => c.Id != id && c.Name.ToLower() == lowered, cancellationToken))
        {
            return (null, [$"a channel named '{channel.Name}' already exists"], true, false);
        }

        db.Entry(existing).CurrentValues.SetValues(channel);
        await db.SaveChangesAsync(cancellationToken);
        return (channel, [], false, false);
    }

    /// <summary>Deletes a channel no rule names: whether it exists, and the rules that still name it (then nothing is deleted).</summary>
    public async Task<(bool Found, IReadOnlyList<string> UsedBy)> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return (false, []);
        }

        var usedBy = (await db.AlertRules.AsNoTracking().ToListAsync(cancellationToken)).Where(r => r.ChannelIds.Contains(id)).Select(r => r.Name).ToList();
        if (usedBy.Count > 0)
        {
            return (true, usedBy);
        }

        db.NotificationChannels.Remove(channel);
        await db.SaveChangesAsync(cancellationToken);
        return (true, []);
    }
}
