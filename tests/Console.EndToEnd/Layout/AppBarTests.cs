using Console.EndToEnd.Support;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Feed;
using Console.Web.Alerts.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Layout;

public sealed class AppBarTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    [Fact]
    public async Task DarkThemeToggle_Clicked_ChangesThePageBackgroundAndBackAgain()
    {
        await Page.GotoInteractiveAsync("/indices");
        var body = Page.Locator("body");
        var light = await body.EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor");
        var toggle = Page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" });

        await toggle.ClickAsync();
        await Expect(body).Not.ToHaveCSSAsync("background-color", light);

        await toggle.ClickAsync();
        await Expect(body).ToHaveCSSAsync("background-color", light);
    }

    [Fact]
    public async Task NotificationBadge_WithUnreadNotifications_SitsOnTheBellInsideTheAppBar()
    {
        var feed = Server.Services.GetRequiredService<IConsoleNotificationFeed>();
        var now = DateTimeOffset.UtcNow;
        var notification = new AlertNotification
        {
            RuleId = "e2e-badge",
            RuleName = "e2e badge layout",
            State = AlertState.Firing,
            Value = 3,
            Comparison = ThresholdComparison.Above,
            Threshold = 1,
            IndexPattern = "thebot-logs-*",
            Query = "log_level:ERROR",
            WindowStart = now.AddMinutes(-5),
            WindowEnd = now,
            DiscoverUrl = new Uri(Server.BaseAddress, "discover"),
            CreatedAt = now,
        };
        await feed.AddAsync(notification);
        try
        {
            await Page.GotoInteractiveAsync("/indices");
            var badge = Page.Locator(".notification-bell .mud-badge");
            await Expect(badge).ToBeVisibleAsync();

            var bar = (await Page.Locator(".mud-appbar").BoundingBoxAsync())!;
            var bell = (await Page.GetByTestId("notification-bell").BoundingBoxAsync())!;
            var next = (await Page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).BoundingBoxAsync())!;
            var box = (await badge.BoundingBoxAsync())!;
            await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("app-bar-notification-badge.png"), Clip = new() { X = bar.X + bar.Width - 360, Y = bar.Y, Width = 360, Height = bar.Height + 8 } });

            // Whole inside the app bar (it stood out above its top edge and was cut off), on the bell, clear of the next button.
            Assert.InRange(box.Y, bar.Y, bar.Y + bar.Height - box.Height);
            Assert.InRange(box.X, bell.X, bell.X + bell.Width - box.Width);
            Assert.InRange(box.Y, bell.Y, bell.Y + bell.Height - box.Height);
            Assert.True(box.X + box.Width <= next.X, $"the badge ends at {box.X + box.Width} px, over the next button at {next.X} px");
            // The button keeps the app bar's height and the other icon buttons' size.
            Assert.Equal(next.Height, bell.Height, 1.0);
            Assert.Equal(next.Width, bell.Width, 1.0);
        }
        finally
        {
            await feed.MarkReadAsync(notification.Id);
        }
    }
}
