using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Console.EndToEnd.Support;

/// <summary>
/// Waits for a page's Blazor circuit. The server prerenders every page, so the table is there before the page is
/// interactive, and a click that lands before the circuit has rendered is silently lost.
/// </summary>
public static class BlazorCircuit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens <paramref name="path"/> and returns once the circuit has applied its first render batch, which the browser
    /// acknowledges by sending <c>OnRenderCompleted</c> over the <c>/_blazor</c> WebSocket: from then on the page's
    /// event handlers are wired to the server.
    /// </summary>
    public static async Task GotoInteractiveAsync(this IPage page, string path)
    {
        var rendered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void OnFrameSent(object? sender, IWebSocketFrame frame)
        {
            var payload = frame.Text ?? (frame.Binary is { } binary ? Encoding.UTF8.GetString(binary) : "");
            if (payload.Contains("OnRenderCompleted", StringComparison.Ordinal))
            {
                rendered.TrySetResult();
            }
        }

        void OnWebSocket(object? sender, IWebSocket socket)
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                socket.FrameSent += OnFrameSent;
            }
        }

        page.WebSocket += OnWebSocket;
        try
        {
            await page.GotoAsync(path);
            try
            {
                await rendered.Task.WaitAsync(Timeout);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"The Blazor circuit of {page.Url} did not render within {Timeout.TotalSeconds} s", ex);
            }
        }
        finally
        {
            page.WebSocket -= OnWebSocket;
        }
    }

    /// <summary>
    /// Fills <paramref name="target"/> with <paramref name="value"/> until <paramref name="outcome"/> is in the page (at
    /// most three times, five seconds each). A page whose prerendered fields are disabled until its circuit renders them
    /// (the Indices page) never drops the text, so a retry should not happen any more: each one is written to
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
