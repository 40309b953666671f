using System.Text.Json;
using Microsoft.Playwright;

namespace Console.Benchmarks;

/// <summary>
/// <c>--browser-trace FILE</c>: Chromium's own trace of the first viewer's page (renderer main thread, painting,
/// compositing) while the tail runs, in the Trace Event format that chrome://tracing and Perfetto open; the DevTools
/// protocol's <c>Tracing</c> domain, as Playwright for .NET has no browser tracing of its own.
/// </summary>
internal sealed class BrowserTrace
{
    private const string Categories = "devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,v8";

    private readonly ICDPSession _session;
    private readonly List<string> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrowserTrace(ICDPSession session)
    {
        _session = session;
        _session.Event("Tracing.dataCollected").OnEvent += (_, data) =>
        {
            if (data is { } value)
            {
                lock (_events)
                {
                    _events.AddRange(value.GetProperty("value").EnumerateArray().Select(item => item.GetRawText()));
                }
            }
        };
        _session.Event("Tracing.tracingComplete").OnEvent += (_, _) => _complete.TrySetResult();
    }

    public static async Task<BrowserTrace> StartAsync(IPage page)
    {
        var trace = new BrowserTrace(await page.Context.NewCDPSessionAsync(page));
        await trace._session.SendAsync("Tracing.start", new Dictionary<string, object> { ["categories"] = Categories, ["transferMode"] = "ReportEvents" });
        return trace;
    }

    public async Task StopAsync(string path)
    {
        await _session.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(60));
        lock (_events)
        {
            File.WriteAllText(path, "[" + string.Join(",\n", _events) + "]");
        }
    }
}
