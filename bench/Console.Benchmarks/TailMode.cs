using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace Console.Benchmarks;

/// <summary>
/// <c>--tail</c>: the live tail's latency from a TCP send to the row in the browser's DOM. The console runs as a child
/// process; <c>--viewers</c> Chromium pages (Debian's chromium) follow <c>service:tailbench</c> on <c>/tail</c>;
/// the benchmark sends <c>--rate</c> JSON lines a second over one TCP connection for <see cref="SendFor"/>,
/// each carrying its send time; every page records, with a MutationObserver, when each row appears. Browser and sender
/// share this machine's clock.
/// </summary>
internal static class TailMode
{
    public static readonly TimeSpan SendFor = TimeSpan.FromSeconds(20);

    private const string Chromium = "/usr/bin/chromium";

    // Looks only at the nodes each mutation added, not the whole page: the measuring must not cost the page more than
    // the rows do (a querySelectorAll over every row on each mutation did).
    private const string Observer = """
        () => {
          window.__latencies = [];
          window.__flushes = 0;
          const seen = new Set();
          const record = (cell, now) => {
            const m = /tailbench seq=(\d+) sent=(\d+)/.exec(cell.textContent);
            if (m && !seen.has(m[1])) { seen.add(m[1]); window.__latencies.push([Number(m[2]), now - Number(m[2])]); }
          };
          new MutationObserver(mutations => {
            const now = Date.now();
            const before = window.__latencies.length;
            for (const mutation of mutations) {
              for (const node of mutation.addedNodes) {
                if (node.nodeType !== 1) continue;
                if (node.matches('[data-testid=tail-message]')) record(node, now);
                else for (const cell of node.querySelectorAll('[data-testid=tail-message]')) record(cell, now);
              }
            }
            // One callback per render batch Blazor applies: a flush that showed rows.
            if (window.__latencies.length > before) window.__flushes++;
          }).observe(document.querySelector('[data-testid=tail-rows]'), { childList: true, subtree: true });
        }
        """;

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string repositoryRoot, string command)
    {
        if (!File.Exists(Chromium))
        {
            System.Console.Error.WriteLine($"{Chromium} is missing: apt-get install -y chromium (./test.sh does)");
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        var viewers = arguments.Viewers;
        var rate = Math.Max(100, arguments.Rate / 100 * 100);
        var machine = MachineDescription.Current(repositoryRoot);
        var loadBefore = MachineDescription.LoadAverage();
        var workRoot = Directory.CreateTempSubdirectory("console-tail-bench-").FullName;
        var shipped = BenchPipelineFile.LoadShipped(Path.Combine(repositoryRoot, "src", "Console.Web", "pipeline.json"));
        var pipelineFile = Path.Combine(workRoot, "pipeline.json");
        BenchPipelineFile.Write(BenchPipelineFile.ForTcp(shipped), pipelineFile);

        // Development, because only then does a build (not a publish) serve the static web assets the pages need
        // (blazor.web.js, MudBlazor's script): the build's staticwebassets.runtime.json points at them.
        using var console = await ConsoleProcess.StartAsync(Path.Combine(workRoot, "data"), pipelineFile, jsonLinesTcp: true, TimeSpan.FromSeconds(60), "Development");
        using var playwright = await Playwright.CreateAsync();
        var chromium = arguments.BrowserNice > 0 ? NicedChromium(workRoot, arguments.BrowserNice) : Chromium;
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        System.Console.Error.WriteLine($"Opening {viewers} live-tail viewers ...");
        var pages = new List<IPage>();
        for (var i = 0; i < viewers; i++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.BaseAddress.ToString() });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/tail");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            for (var attempt = 1; ; attempt++)
            {
                await page.GetByTestId("tail-query").FillAsync("service:tailbench");
                await page.GetByTestId("tail-start").ClickAsync();
                try
                {
                    await page.GetByTestId("tail-status").Filter(new() { HasText = "where service:tailbench" }).WaitForAsync(new() { Timeout = 5_000 });
                    break;
                }
                catch (TimeoutException) when (attempt < 5)
                {
                    if (await page.GetByTestId("tail-stop").IsVisibleAsync())
                    {
                        await page.GetByTestId("tail-stop").ClickAsync();
                    }
                }
            }

            await page.EvaluateAsync(Observer);
            pages.Add(page);
        }

        var warmUpFor = TimeSpan.FromSeconds(arguments.TailWarmUpSeconds);
        System.Console.Error.WriteLine($"Warming up: {rate:N0} events/s for {warmUpFor.TotalSeconds:F0} s, not measured ...");
        await SendAsync(console.JsonLinesPort, rate, warmUpFor, "tailwarm");
        System.Console.Error.WriteLine($"Sending {rate:N0} events/s for {SendFor.TotalSeconds:F0} s ...");
        long skippedInWarmUp = 0;
        foreach (var page in pages)
        {
            skippedInWarmUp += await SkippedAsync(page);
        }

        var cpuBefore = ProcessCpu.Of(console.Pid);
        var browsers = await BrowserCost.StartAsync(pages);
        var trace = arguments.BrowserTraceFile is null ? null : await BrowserTrace.StartAsync(pages[0]);
        var sendClock = Stopwatch.StartNew();
        var sent = await SendAsync(console.JsonLinesPort, rate, SendFor, "tailbench");
        var sending = sendClock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var cpu = (ProcessCpu.Of(console.Pid) ?? TimeSpan.Zero) - (cpuBefore ?? TimeSpan.Zero);
        await browsers.StopAsync();
        if (trace is not null)
        {
            await trace.StopAsync(arguments.BrowserTraceFile!);
        }

        var samples = new List<(long SentMs, long Latency)>();
        var skipped = -skippedInWarmUp;
        var flushes = 0L;
        foreach (var page in pages)
        {
            samples.AddRange((await page.EvaluateAsync<long[][]>("() => window.__latencies")).Select(pair => (pair[0], pair[1])));
            flushes += await page.EvaluateAsync<long>("() => window.__flushes");
            skipped += await SkippedAsync(page);
        }

        console.Stop();
        Directory.Delete(workRoot, recursive: true);

        var latencies = samples.Select(s => s.Latency).Order().ToList();
        var markdown = Render(started, machine, command, arguments.Note, arguments.BrowserNice, warmUpFor, loadBefore, MachineDescription.LoadAverage(), viewers, rate, sent, sending, latencies, skipped, cpu)
            + RenderBrowserCost(browsers, latencies.Count, flushes)
            + RenderTimeline(samples);
        System.Console.Out.Write(markdown);
        if (!arguments.NoAppend)
        {
            await BenchmarksFile.AppendAsync(repositoryRoot, markdown);
        }

        return latencies.Count > 0 ? 0 : 1;
    }

    /// <summary>The events a page says it skipped so far.</summary>
    private static async Task<long> SkippedAsync(IPage page)
    {
        var chip = page.GetByTestId("tail-skipped");
        return await chip.CountAsync() > 0 ? long.Parse(await chip.GetAttributeAsync("data-skipped") ?? "0", CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>A launcher that starts Chromium (and so all its processes) at a lower priority than the console.</summary>
    private static string NicedChromium(string workRoot, int niceness)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("--browser-nice starts Chromium through nice(1)");
        }

        // Chromium sets its own processes' priorities (the browser to -8, each visible renderer back to 0), which it may
        // when it runs as root: without CAP_SYS_NICE (setpriv drops it from the bounding set) it can only lower them.
        const string Setpriv = "/usr/bin/setpriv";
        var dropNice = File.Exists(Setpriv) ? $"{Setpriv} --bounding-set -sys_nice -- " : "";
        var launcher = Path.Combine(workRoot, "chromium-niced.sh");
        // Playwright starts the browser in a session of its own, and Linux shares the CPU between sessions (autogroups) before
        // niceness counts: the group's own niceness (root may set it) is what puts the ten browsers below the console.
        File.WriteAllText(launcher, $"#!/bin/sh\necho {niceness} > /proc/self/autogroup 2>/dev/null\nexec {dropNice}nice -n {niceness} {Chromium} \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return launcher;
    }

    /// <summary>Sends at a steady rate in 10 ms slices; each line carries its own send time in Unix milliseconds.</summary>
    private static async Task<int> SendAsync(int port, int rate, TimeSpan duration, string marker)
    {
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        var perSlice = rate / 100;
        var seq = 0;
        var clock = Stopwatch.StartNew();
        var buffer = new StringBuilder();
        while (clock.Elapsed < duration)
        {
            var due = (int)(clock.Elapsed.TotalMilliseconds / 10) * perSlice;
            buffer.Clear();
            for (; seq < due + perSlice; seq++)
            {
                var now = DateTimeOffset.UtcNow;
                var level = seq % 50 == 0 ? "ERROR" : "INFO";
                buffer.Append("{\"@timestamp\":\"").Append(now.ToString("O", CultureInfo.InvariantCulture))
                    .Append("\",\"level\":\"").Append(level).Append("\",\"logger_name\":\"thebot.http\",\"message\":\"").Append(marker).Append(" seq=")
                    .Append(seq).Append(" sent=").Append(now.ToUnixTimeMilliseconds()).Append("\",\"extra\":{\"service\":\"tailbench\"}}\n");
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(buffer.ToString()));
            var next = TimeSpan.FromMilliseconds(((seq / perSlice) * 10) - clock.Elapsed.TotalMilliseconds);
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next);
            }
        }

        return seq;
    }

    private static string RenderBrowserCost(BrowserCost browsers, int rows, long flushes)
    {
        string PerRow(double seconds) => rows == 0 ? "—" : (seconds * 1000 / rows).ToString("F2", CultureInfo.InvariantCulture) + " ms";
        // Per flush is what the page's design fixes (a flush costs the browser about the same at 1 row or 10), and it holds
        // when a loaded machine lets fewer flushes through.
        string PerFlush(double seconds) => flushes == 0 ? "—" : (seconds * 1000 / flushes).ToString("F1", CultureInfo.InvariantCulture) + " ms";
        var main = browsers.MainThread;
        return string.Create(CultureInfo.InvariantCulture,
            $"\nBrowsers, from the first line sent to 3 s after the last (all viewers): Chromium CPU {browsers.Cpu.TotalSeconds:F1} s, all processes ({PerRow(browsers.Cpu.TotalSeconds)} per row shown); " +
            $"pages' main threads: tasks {main["TaskDuration"]:F1} s ({PerRow(main["TaskDuration"])} per row), of which script {main["ScriptDuration"]:F1} s, layout {main["LayoutDuration"]:F1} s, style {main["RecalcStyleDuration"]:F1} s.\n" +
            $"\nPer flush that showed rows ({flushes:N0} flushes, all viewers): Chromium CPU {PerFlush(browsers.Cpu.TotalSeconds)}; main thread tasks {PerFlush(main["TaskDuration"])}, " +
            $"script {PerFlush(main["ScriptDuration"])}, layout {PerFlush(main["LayoutDuration"])}, style {PerFlush(main["RecalcStyleDuration"])}.\n");
    }

    /// <summary>Latency by when the line was sent, in 2-second windows: a steady lag and a few stalls look alike in a p99.</summary>
    private static string RenderTimeline(List<(long SentMs, long Latency)> samples)
    {
        if (samples.Count == 0)
        {
            return "";
        }

        var first = samples.Min(s => s.SentMs);
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("By send time (2-second windows from the first line shown):");
        text.AppendLine();
        text.AppendLine("| sent at | rows | p50 ms | p99 ms | max ms |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var window in samples.GroupBy(s => (s.SentMs - first) / 2000).OrderBy(g => g.Key))
        {
            var sorted = window.Select(s => s.Latency).Order().ToList();
            long At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {window.Key * 2}–{(window.Key * 2) + 2} s | {sorted.Count:N0} | {At(0.50)} | {At(0.99)} | {sorted[^1]} |");
        }

        return text.ToString();
    }

    private static string Render(DateTimeOffset started, MachineDescription machine, string command, string? note, int browserNice, TimeSpan warmUpFor, string loadBefore, string loadAfter,
        int viewers, int rate, int sent, TimeSpan sending, List<long> latencies, long skipped, TimeSpan cpu)
    {
        long Percentile(double p) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Live tail: {rate:N0} events/s to {viewers} viewers — {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Command:** `{command}` (from the repository root)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Code:** `{machine.Commit}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Machine:** {machine.Cores} cores ({machine.CpuModel}), {machine.Os}; Chromium {Chromium}, headless, on the same cores{(browserNice > 0 ? $" at niceness {browserNice} (below the console and the sender)" : ", same priority as the console")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Load average (1/5/15 min):** {loadBefore} before, {loadAfter} after");
        if (!string.IsNullOrWhiteSpace(note))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **Note:** {note}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{sent:N0} JSON lines over one TCP connection in {sending.TotalSeconds:F1} s (meant: {rate * SendFor.TotalSeconds:N0} in {SendFor.TotalSeconds:F0} s), all matching `service:tailbench`, followed by {viewers} `/tail` pages, after {warmUpFor.TotalSeconds:F0} s of the same traffic not measured.");
        text.AppendLine("Latency is from the line's send time (in the line) to the MutationObserver seeing its row in the page's DOM. A viewer is " +
            $"shown at most {Console.Web.Tail.LiveTailPage.RowsPerFlush * (1000 / (int)Console.Web.Tail.LiveTailPage.FlushInterval.TotalMilliseconds)} rows a second by design, so most events are skipped (counted) and the figures are over the rows shown.");
        text.AppendLine();
        text.AppendLine("| rows shown (all viewers) | skipped (all viewers) | p50 ms | p99 ms | max ms | console CPU |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {latencies.Count:N0} | {skipped:N0} | {Percentile(0.50)} | **{Percentile(0.99)}** {(Percentile(0.99) < 250 ? "✅" : "❌")} | {(latencies.Count == 0 ? 0 : latencies[^1])} | {cpu.TotalSeconds:F1} s |");
        text.AppendLine();
        text.AppendLine("Target: p99 < 250 ms.");
        return text.ToString();
    }
}
