using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Notifications.Feed;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Alerts.Notifications;

public class AlertNotificationsHostTests
{
    [Fact]
    public async Task TheConsole_DeliversToItsOwnFeedThroughTheRegisteredDispatcher()
    {
        using var factory = new ConsoleFactory();
        factory.Settings["Console:PublicUrl"] = "https://logs.thebot.test/console";
        _ = factory.Server;
        var services = factory.Services;
        var links = services.GetRequiredService<DiscoverLinks>();
        var notification = SampleNotifications.Firing() with
        {
            DiscoverUrl = links.For("thebot-logs-*", "log_level:ERROR", SampleNotifications.WindowEnd.AddMinutes(-5), SampleNotifications.WindowEnd),
        };

        await services.GetRequiredService<INotificationDispatcher>().EnqueueAsync(notification, [SampleNotifications.ConsoleFeed()]);
        var feed = services.GetRequiredService<IConsoleNotificationFeed>();
        var items = await Eventually.Get(() => feed.ListAsync(10), l => l.Count > 0);

        Assert.StartsWith("https://logs.thebot.test/console/discover?index=thebot-logs-*", Assert.Single(items).Notification.DiscoverUrl.AbsoluteUri);
        Assert.Equal(1, await feed.CountUnreadAsync());
    }

    [Fact]
    public void ARelativePublicUrl_StopsTheConsoleAtStartWithTheSettingsName()
    {
        using var factory = new ConsoleFactory();
        factory.Settings["Console:PublicUrl"] = "/console";

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("'/console' is not an absolute http or https address", error.ToString());
        Assert.Contains("PublicUrl", error.ToString());
    }

    [Fact]
    public void AnSmtpHostWithoutASender_StopsTheConsoleAtStart()
    {
        using var factory = new ConsoleFactory();
        factory.Settings["Alerts:Smtp:Host"] = "smtp.thebot.test";

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("email needs a sender once Host is set", error.ToString());
    }
}
