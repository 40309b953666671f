using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Console.Web.Tests.Faults.Harness;
using Xunit.Abstractions;

namespace Console.Web.Tests.Faults;

/// <summary>
/// SIGTERM (what systemd and <c>docker stop</c> send) while senders keep sending and the queue holds a backlog of
/// acknowledged events not yet committed to the store: the console must exit by itself, and after a restart every
/// acknowledged event is there once and intact (indexed before the exit, or kept in the queue and replayed).
/// CONSOLE_FAULT_TERMS repeats it for the long form.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SigtermBacklogTests(ITestOutputHelper log) : IDisposable
{
    private const int Backlog = 2_000;
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "fault-term-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task Sigterm_with_a_backlog_exits_and_keeps_every_acknowledged_event()
    {
        var clock = Stopwatch.StartNew();
        using var console = new ConsoleProcess(_dataPath, ["--Ingest:RateLimit:Enabled=false"]);
        await console.StartAsync();
        var sender = new NumberedEventSender(console.BaseAddress, "faults");
        using var stop = new CancellationTokenSource();
        var sending = sender.RunAsync(workers: 3, stop.Token);
        var backlogs = new List<long>();
        try
        {
            for (var term = 0; term < FaultSettings.Terms; term++)
            {
                using var client = new HttpClient { BaseAddress = console.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                var pending = await Support.Eventually.Get(() => PendingAsync(client), n => n >= Backlog, TimeSpan.FromMinutes(2));
                Assert.True(pending >= Backlog, $"the queue never held {Backlog} events (last {pending})");
                backlogs.Add(pending);

                var exitCode = await console.TerminateAsync(TimeSpan.FromSeconds(90));
                Assert.True(exitCode is not null, "the console did not exit within 90 s of SIGTERM");
                Assert.Equal(0, exitCode);
                await console.StartAsync();
            }

            // Some events after the last restart too, so the run ends with a live console that took new work.
            var due = sender.Acknowledged + 5_000;
            await Support.Eventually.Get(() => Task.FromResult(sender.Acknowledged), n => n >= due, TimeSpan.FromMinutes(2));
        }
        finally
        {
            await stop.CancelAsync();
            await sending;
        }

        using var checking = new HttpClient { BaseAddress = console.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        var report = await RecoveryChecker.CheckAsync(checking, sender);
        var replayed = console.Output.Count(line => line.Contains("Replaying", StringComparison.Ordinal));
        log.WriteLine($"SIGTERMs: {FaultSettings.Terms}, backlog (events not yet committed) at each: {string.Join(", ", backlogs)}; starts that replayed the queue: {replayed}");
        log.WriteLine(report.ToString());
        log.WriteLine($"time: {clock.Elapsed.TotalSeconds:F0} s");
        report.AssertPassed();
    }

    private static async Task<long> PendingAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>(new Uri("/api/ingest/stats", UriKind.Relative))).GetProperty("queue").GetProperty("pending").GetInt64();
}
