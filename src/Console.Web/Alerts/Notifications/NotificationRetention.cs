namespace Console.Web.Alerts.Notifications;

/// <summary>Says when a table that grows with every write is due for trimming: at the first write and then every so many.</summary>
public sealed class NotificationRetention(int every)
{
    private long _writes = -1;

    public bool IsDue() => Interlocked.Increment(ref _writes) % every == 0;
}
