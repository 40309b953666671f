namespace Console.Web.Alerts.Notifications;

/// <summary>Finds the channels a rule names (kept in the console's database by <see cref="NotificationChannelService"/>).</summary>
public interface INotificationChannelLookup
{
    /// <summary>The channels of <paramref name="ids"/> that exist, in that order.</summary>
    Task<IReadOnlyList<NotificationChannelDefinition>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);
}
