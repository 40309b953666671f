using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Console.EndToEnd.Support;

/// <summary>
/// Waits for a page's Blazor circuit. The server prerenders every page, and the circuit's first render replaces that
/// HTML: text typed into it before is lost and a click does nothing. The console's layout says which one is on screen
/// with <c>data-interactive</c>: "false" while prerendered (every input and button disabled), "true" once the
/// circuit's render is in the page, its event handlers wired to the server.
/// </summary>
public static class BlazorCircuit
{
    /// <summary>The layout's root once the circuit has rendered it.</summary>
    public const string InteractiveSelector = "[data-interactive=true]";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Opens <paramref name="path"/> and returns once the page can be used (see <see cref="WaitForInteractiveAsync"/>).</summary>
    public static async Task GotoInteractiveAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>
    /// Returns once the circuit's render has replaced the prerendered page (<c>data-interactive="true"</c>): before any
    /// typing or clicking after a page load that is not <see cref="GotoInteractiveAsync"/> (a sign-in's redirect).
    /// </summary>
    public static async Task WaitForInteractiveAsync(this IPage page)
    {
        try
        {
            await page.Locator(InteractiveSelector).WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = (float)Timeout.TotalMilliseconds });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{page.Url} did not become interactive (data-interactive=\"true\") within {Timeout.TotalSeconds} s", ex);
        }
    }

    /// <summary>
    /// Fills <paramref name="target"/> with <paramref name="value"/> until <paramref name="outcome"/> is in the page (at
    /// most three times, five seconds each). The prerendered fields are disabled until the circuit renders them, so a
    /// page never drops text typed then, and a retry should not happen any more: each one is written to
    /// <paramref name="log"/>, to tell if a field still loses what was typed.
    /// </summary>
    public static async Task FillUntilAttachedAsync(this ILocator target, string value, ILocator outcome, ITestOutputHelper? log = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            await target.FillAsync(value);
            try
            {
                await outcome.First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                log?.WriteLine($"FillUntilAttachedAsync: '{value}' typed into {target} did not lead to {outcome} within 5 s (attempt {attempt}); typing it again");
            }
        }
    }

    /// <summary>
    /// Clicks <paramref name="target"/> until <paramref name="outcome"/> is visible (at most three clicks, five seconds
    /// each). On a loaded 2-core machine a click can land on an element that a render batch is replacing at that moment;
    /// Blazor then drops the event, as it would for a user, who would click again.
    /// </summary>
    public static async Task ClickUntilVisibleAsync(this ILocator target, ILocator outcome)
    {
        for (var attempt = 1; ; attempt++)
        {
            await target.ClickAsync();
            try
            {
                await outcome.First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
