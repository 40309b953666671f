using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Console.Benchmarks;

/// <summary>
/// What the viewers' browsers spent while the tail ran: the CPU of every Chromium process (renderers, GPU and browser
/// process: painting and rasterising run outside the pages' main threads), and each page's main-thread time by kind
/// from the DevTools protocol's <c>Performance.getMetrics</c>.
/// </summary>
internal sealed class BrowserCost
{
    private static readonly string[] MainThreadMetrics = ["TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"];

    private readonly List<ICDPSession> _sessions = [];
    private TimeSpan _cpuAtStart;
    private Dictionary<string, double> _metricsAtStart = [];

    public TimeSpan Cpu { get; private set; }

    /// <summary>Seconds of the pages' main threads by metric (all pages), between <see cref="StartAsync"/> and <see cref="StopAsync"/>.</summary>
    public Dictionary<string, double> MainThread { get; private set; } = [];

    public static async Task<BrowserCost> StartAsync(IReadOnlyList<IPage> pages)
    {
        var cost = new BrowserCost();
        foreach (var page in pages)
        {
            var session = await page.Context.NewCDPSessionAsync(page);
            await session.SendAsync("Performance.enable");
            cost._sessions.Add(session);
        }

        cost._metricsAtStart = await cost.ReadMetricsAsync();
        cost._cpuAtStart = ChromiumCpu();
        return cost;
    }

    public async Task StopAsync()
    {
        Cpu = ChromiumCpu() - _cpuAtStart;
        var now = await ReadMetricsAsync();
        MainThread = MainThreadMetrics.ToDictionary(m => m, m => now.GetValueOrDefault(m) - _metricsAtStart.GetValueOrDefault(m));
    }

    private async Task<Dictionary<string, double>> ReadMetricsAsync()
    {
        var sums = MainThreadMetrics.ToDictionary(m => m, _ => 0.0);
        foreach (var session in _sessions)
        {
            var answer = await session.SendAsync("Performance.getMetrics");
            if (answer is not { } metrics || !metrics.TryGetProperty("metrics", out var list))
            {
                continue;
            }

            foreach (var metric in list.EnumerateArray())
            {
                var name = metric.GetProperty("name").GetString();
                if (name is not null && sums.ContainsKey(name))
                {
                    sums[name] += metric.GetProperty("value").GetDouble();
                }
            }
        }

        return sums;
    }

    // Only this benchmark's own Chromium (its processes descend from this one, through Playwright's driver): another
    // session's browser tests on the same machine must not count as the viewers' cost.
    private static TimeSpan ChromiumCpu()
    {
        var ours = ProcessTree.DescendantsOf(Environment.ProcessId);
        var total = TimeSpan.Zero;
        foreach (var process in Process.GetProcessesByName("chromium"))
        {
            using (process)
            {
                if (ours.Contains(process.Id))
                {
                    total += ProcessCpu.Of(process.Id) ?? TimeSpan.Zero;
                }
            }
        }

        return total;
    }
}
