using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Channels;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Notifications.Feed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Support;

/// <summary>
/// Notification delivery as the console registers it (<c>AddAlertNotifications</c>), without the rest of the console,
/// with the dispatcher's background loop running and settings the test chooses.
/// </summary>
public sealed class DispatcherHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly NotificationDispatcher _loop;

    private DispatcherHost(ServiceProvider services)
    {
        _services = services;
        _loop = services.GetRequiredService<NotificationDispatcher>();
    }

    public INotificationDispatcher Dispatcher => _services.GetRequiredService<INotificationDispatcher>();

    public INotificationDeliveryLog Log => _services.GetRequiredService<INotificationDeliveryLog>();

    public IConsoleNotificationFeed Feed => _services.GetRequiredService<IConsoleNotificationFeed>();

    /// <summary>The channel editor's "Send test".</summary>
    public ChannelTestSender TestSender => _services.GetRequiredService<ChannelTestSender>();

    public static async Task<DispatcherHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            // Short waits so retry tests take milliseconds; the jitter and doubling are still real.
            ["Alerts:Notifications:InitialBackoff"] = "00:00:00.050",
            ["Alerts:Notifications:MaxBackoff"] = "00:00:00.200",
            ["Alerts:Notifications:AttemptTimeout"] = "00:00:05",
            // The tests' webhook receivers listen on 127.0.0.1, which webhooks may only reach when an administrator allows it.
            ["Alerts:Webhooks:AllowedHosts:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? [])
        {
            defaults[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(defaults).Build();
        var services = new ServiceCollection().AddLogging().AddAlertNotifications(configuration).BuildServiceProvider();
        var host = new DispatcherHost(services);
        await host._loop.StartAsync(CancellationToken.None);
        return host;
    }

    /// <summary>The attempts recorded for a notification once <paramref name="done"/> holds for them (or 20 s passed).</summary>
    public Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(string notificationId, Func<IReadOnlyList<DeliveryAttempt>, bool> done) =>
        Eventually.Get(() => Log.ForNotificationAsync(notificationId), done);

    /// <summary>Stops the background loop as the console's shutdown does; the log and feed stay readable.</summary>
    public Task StopAsync() => _loop.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _loop.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    /// <summary>Settings for the SMTP server of <paramref name="sink"/>.</summary>
    public static Dictionary<string, string?> SmtpSettings(SmtpSink sink) => new()
    {
        [$"{SmtpOptions.Section}:Host"] = "127.0.0.1",
        [$"{SmtpOptions.Section}:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{SmtpOptions.Section}:Security"] = nameof(SmtpSecurity.None),
        [$"{SmtpOptions.Section}:From"] = "THE_BOT alerts <alerts@thebot.test>",
    };
}
