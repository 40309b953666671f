using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Console.EndToEnd.Support;
using Console.Ingest.Sources.JsonLines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Console.EndToEnd.Alerts;

/// <summary>
/// An error threshold set up in the browser as a user would (a webhook channel, then a rule with a preview), errors sent
/// over TCP as JSON lines, the alert firing in the rules list, the bell and at the webhook, then resolving once the
/// errors stop.
/// </summary>
public sealed class AlertRuleFiringTests(ConsoleServerFixture server, ChromiumFixture chromium) : BrowserTest(server, chromium)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private async Task SendErrorsOverTcpAsync(string run, int count)
    {
        var (port, _) = await Server.Services.GetRequiredService<JsonLinesReceiver>().BoundPorts;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var lines = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            lines.Append($$"""{"@timestamp":"{{DateTimeOffset.UtcNow:O}}","level":"ERROR","logger_name":"thebot.payments","message":"{{run}} payment provider timed out {{i}}","host":"e2e"}""").Append('\n');
        }

        await tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()));
    }

    private static async Task<IReadOnlyList<string>> WaitForBodiesAsync(WebhookListener webhook, Func<IReadOnlyList<string>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done(webhook.Bodies))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The webhook got {webhook.Bodies.Count} posts in {Patience.TotalSeconds} s: {string.Join(" | ", webhook.Bodies)}");
            }

            await Task.Delay(250);
        }

        return webhook.Bodies;
    }

    /// <summary>
    /// Types <paramref name="value"/> into a field and leaves it (which commits it), again if the field does not keep it:
    /// on a loaded machine the first field of a page can be typed into just before the circuit re-renders it.
    /// </summary>
    private async Task FillAsync(string testId, string value)
    {
        var field = Page.GetByTestId(testId);
        for (var attempt = 1; ; attempt++)
        {
            await field.FillAsync(value);
            await field.PressAsync("Tab");
            try
            {
                await Expect(field).ToHaveValueAsync(value, new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    private static string StateOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("transition").GetString()!;

    [Fact]
    public async Task An_error_threshold_built_in_the_ui_fires_on_errors_sent_over_tcp_notifies_the_webhook_and_resolves()
    {
        var run = "e2e" + Guid.NewGuid().ToString("N")[..8];
        var channelName = $"ops hook {run}";
        var ruleName = $"payment errors {run}";
        await using var webhook = await WebhookListener.StartAsync();

        // A webhook channel, from the Channels tab.
        await Page.GotoInteractiveAsync("/alerts?tab=channels");
        await Page.GetByTestId("channel-add").ClickUntilVisibleAsync(Page.GetByTestId("channel-form"));
        await FillAsync("channel-name", channelName);
        await FillAsync("channel-url", webhook.Url.AbsoluteUri);
        await Page.GetByTestId("channel-save").ClickAsync();
        await Expect(Page.GetByTestId("channel-row-name").Filter(new() { HasText = channelName })).ToBeVisibleAsync();

        // The rule: more than 3 errors of this run in 30 s, evaluated every 10 s, telling the webhook.
        await Page.GotoInteractiveAsync("/alerts/rules/new");
        await Expect(Page.GetByTestId("editor-title")).ToHaveAttributeAsync("data-loaded", "true");
        await FillAsync("rule-name", ruleName);
        await FillAsync("rule-query", $"log_level:ERROR AND message:{run}");
        await FillAsync("rule-threshold", "3");
        await FillAsync("rule-window", "30s");
        await FillAsync("rule-evaluate-every", "10s");
        await Page.GetByText($"{channelName} (Webhook)").ClickAsync();
        await Page.GetByTestId("rule-preview").ClickAsync();
        await Expect(Page.GetByTestId("preview-summary")).ToContainTextAsync("would not have fired", new() { Timeout = 30_000 });
        // Plotly has drawn the series and the threshold line.
        await Expect(Page.Locator("#rule-preview .main-svg").First).ToBeVisibleAsync();
        await Expect(Page.Locator("#rule-preview .scatterlayer .trace")).ToHaveCountAsync(2);
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("alerts-rule-editor.png"), FullPage = true });
        await Expect(Page.GetByTestId("rule-name")).ToHaveValueAsync(ruleName);
        await Page.GetByTestId("rule-save").ClickAsync();
        try
        {
            // Polls the page's address: the editor goes back with a client-side navigation, and a navigation waiter set
            // up just as it happened once missed it (the list was on screen at /alerts when the wait gave up).
            await Expect(Page).ToHaveURLAsync(new Regex("/alerts$"), new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("alerts-rule-not-saved.png"), FullPage = true });
            throw;
        }

        var row = Page.GetByTestId("rules-table").Locator("tr").Filter(new() { HasText = ruleName });
        await Expect(row.GetByTestId("rule-state")).ToHaveAttributeAsync("data-state", "Ok", new() { Timeout = 30_000 });

        // Errors over TCP, as the Django workers ship them.
        await SendErrorsOverTcpAsync(run, 5);
        await Expect(row.GetByTestId("rule-state")).ToHaveAttributeAsync("data-state", "Firing", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(row.GetByTestId("rule-last-value")).ToHaveTextAsync("5");
        var fired = await WaitForBodiesAsync(webhook, bodies => bodies.Any(b => StateOf(b) == "firing"));
        var firing = JsonDocument.Parse(fired.First(b => StateOf(b) == "firing")).RootElement;
        Assert.Equal(ruleName, firing.GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal(5, firing.GetProperty("value").GetDouble());
        Assert.Contains(firing.GetProperty("lines").EnumerateArray(), line => line.GetProperty("message").GetString()!.StartsWith($"{run} payment provider timed out", StringComparison.Ordinal));

        // The bell counts it and lists it.
        await Page.GetByTestId("notification-bell").ClickUntilVisibleAsync(Page.GetByTestId("notification-list"));
        await Expect(Page.GetByTestId("notification-title").Filter(new() { HasText = $"[FIRING] {ruleName}" })).ToBeVisibleAsync();
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("alerts-firing.png"), FullPage = true });
        await Page.GetByTestId("notification-bell").ClickAsync();

        // The errors stop; once the window has passed the alert resolves, in the list and at the webhook.
        await Expect(row.GetByTestId("rule-state")).ToHaveAttributeAsync("data-state", "Resolved", new() { Timeout = (float)Patience.TotalMilliseconds });
        var resolved = await WaitForBodiesAsync(webhook, bodies => bodies.Any(b => StateOf(b) == "resolved"));
        Assert.Equal(["firing", "resolved"], resolved.Select(StateOf).ToList());

        await row.GetByTestId("rule-deliveries").ClickAsync();
        await Expect(Page.GetByTestId("delivery-row").Filter(new() { HasText = channelName })).ToHaveCountAsync(2);
        await Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("alerts-resolved.png"), FullPage = true });
    }
}
