using Console.Ingest.Queue;
using Console.Web.Tests.Faults.Harness;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Console.Web.Tests.Faults;

/// <summary>
/// The suite's negative control: a console that acknowledges events before they are written (the deliberately broken,
/// test-only switch <see cref="WriteAheadLog.UnsafeAcknowledgeBeforeWriteVariable"/>) is SIGKILLed under load the same
/// way, and the same checker must fail it with acknowledged events missing. Were the checker unable to see loss, the
/// green kill, SIGTERM and torn-tail tests would prove nothing.
/// </summary>
[Trait("Category", "Faults")]
public sealed class CheckerNegativeControlTests(ITestOutputHelper log) : IDisposable
{
    private const int MaxKills = 4;
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "fault-control-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task The_checker_fails_a_console_that_acknowledges_before_the_queue_write()
    {
        var unsafeSwitch = new Dictionary<string, string> { [WriteAheadLog.UnsafeAcknowledgeBeforeWriteVariable] = WriteAheadLog.UnsafeAcknowledgeBeforeWriteValue };
        using var console = new ConsoleProcess(_dataPath, FaultSettings.FrequentRolloverAndCommit, unsafeSwitch);
        await console.StartAsync();
        Assert.Contains(console.Output, line => line.Contains(WriteAheadLog.UnsafeAcknowledgeBeforeWriteVariable, StringComparison.Ordinal));
        var sender = new NumberedEventSender(console.BaseAddress, "faults");
        using var client = new HttpClient { BaseAddress = console.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };

        // A kill loses what the writer had not written yet, which is usually much but can be nothing: kill and check
        // again, up to MaxKills times, until the checker sees loss.
        RecoveryReport? report = null;
        for (var kill = 1; kill <= MaxKills && report is not { Missing: > 0 }; kill++)
        {
            using var stop = new CancellationTokenSource();
            var sending = sender.RunAsync(workers: 4, stop.Token);
            try
            {
                var due = sender.Acknowledged + 5_000;
                await Support.Eventually.Get(() => Task.FromResult(sender.Acknowledged), n => n >= due, TimeSpan.FromMinutes(2));
                await KillTrigger.KillAtAsync(console, KillMoment.Random, TimeSpan.Zero);
                await console.StartAsync();
            }
            finally
            {
                await stop.CancelAsync();
                await sending;
            }

            report = await RecoveryChecker.CheckAsync(client, sender);
            log.WriteLine($"after kill {kill}: {report}");
        }

        Assert.NotNull(report);
        Assert.False(report.Passed, "the checker passed a console that acknowledges before writing: " + report);
        Assert.True(report.Missing > 0, report.ToString());
        Assert.Throws<XunitException>(report.AssertPassed);
    }
}
