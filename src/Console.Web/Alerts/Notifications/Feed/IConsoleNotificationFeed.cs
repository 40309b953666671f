namespace Console.Web.Alerts.Notifications.Feed;

/// <summary>
/// The console's own notification list, behind a notification bell: newest first, with an unread count. Read state is
/// shared by everyone using the console (it has no user accounts yet). Async because a database will hold it.
/// </summary>
public interface IConsoleNotificationFeed
{
    /// <summary>Adds a notification; adding one whose id is already there changes nothing.</summary>
    Task AddAsync(AlertNotification notification, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> notifications, newest first.</summary>
    Task<IReadOnlyList<ConsoleNotification>> ListAsync(int limit, CancellationToken cancellationToken = default);

    Task<int> CountUnreadAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks one notification read; false when there is none with that id.</summary>
    Task<bool> MarkReadAsync(string id, CancellationToken cancellationToken = default);

    Task MarkAllReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="changed"/> after every add or read change, on the thread that made it (a Blazor component
    /// re-reads with <c>InvokeAsync</c>); disposing the result unsubscribes.
    /// </summary>
    IDisposable Subscribe(Action changed);
}
