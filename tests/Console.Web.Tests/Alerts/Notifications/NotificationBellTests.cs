using Bunit;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Feed;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts.Notifications;

public class NotificationBellTests : IDisposable
{
    private readonly BunitContext _context = new();
    private readonly InMemoryConsoleNotificationFeed _feed = new(
        Options.Create(new AlertNotificationOptions()), TimeProvider.System, NullLogger<InMemoryConsoleNotificationFeed>.Instance);

    public NotificationBellTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton<IConsoleNotificationFeed>(_feed);
    }

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Bell_ShowsTheUnreadCountAsNotificationsArriveAndListsThemNewestFirst()
    {
        var cut = _context.Render<NotificationBell>();
        Assert.Empty(cut.FindAll(".mud-badge"));
        cut.Find("[data-testid=notification-bell]").Click();
        Assert.Equal("No notifications yet.", cut.Find("[data-testid=notification-empty]").TextContent);

        var firing = SampleNotifications.Firing();
        var resolved = SampleNotifications.Firing() with { State = AlertState.Resolved };
        await _feed.AddAsync(firing);
        await _feed.AddAsync(resolved);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=notification-item]").Count));
        Assert.Equal("2", cut.Find(".mud-badge").TextContent.Trim());
        Assert.Equal(
            ["[RESOLVED] Too many 5xx from one client", "[FIRING] Too many 5xx from one client"],
            cut.FindAll("[data-testid=notification-title]").Select(e => e.TextContent.Trim()));
        Assert.Contains("count is 42 (threshold > 10) for client.ip = 10.0.0.7", cut.Find("[data-testid=notification-item]").TextContent);
        Assert.Equal(firing.DiscoverUrl.AbsoluteUri, cut.FindAll("[data-testid=notification-item] a")[1].GetAttribute("href"));
    }

    [Fact]
    public async Task MarkRead_LowersTheCountAndMarkAllRead_ClearsIt()
    {
        await _feed.AddAsync(SampleNotifications.Firing());
        await _feed.AddAsync(SampleNotifications.Firing());
        var cut = _context.Render<NotificationBell>();
        cut.Find("[data-testid=notification-bell]").Click();
        Assert.Equal("2", cut.Find(".mud-badge").TextContent.Trim());

        cut.FindAll("[data-testid=notification-mark-read]")[0].Click();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find(".mud-badge").TextContent.Trim()));
        Assert.Equal(1, await _feed.CountUnreadAsync());
        Assert.Single(cut.FindAll("[data-testid=notification-mark-read]"));

        cut.Find("[data-testid=notification-mark-all]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=notification-mark-read]")));
        Assert.Equal(0, await _feed.CountUnreadAsync());
        // No unread notifications: the badge is gone, not showing 0.
        Assert.Empty(cut.FindAll(".mud-badge"));
    }
}
