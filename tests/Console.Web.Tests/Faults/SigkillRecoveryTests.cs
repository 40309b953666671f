using System.Diagnostics;
using Console.Web.Tests.Faults.Harness;
using Xunit.Abstractions;

namespace Console.Web.Tests.Faults;

/// <summary>
/// Events are sent over HTTP by concurrent senders while the console is SIGKILLed and restarted, in turn at a random
/// moment, as the queue rolls over to a new segment, in the middle of a store commit and between a store commit and the
/// queue's checkpoint (segments of 1 MiB and a commit every 200 ms make those frequent). After the last restart every
/// acknowledged event must be searchable exactly once with its payload intact, and a fresh batch must still be indexed.
/// The short form kills 4 times over 20,000 events; CONSOLE_FAULT_KILLS and CONSOLE_FAULT_EVENTS give the long form.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SigkillRecoveryTests(ITestOutputHelper log) : IDisposable
{
    private static readonly KillMoment[] Moments = [KillMoment.QueueRollover, KillMoment.IndexCommit, KillMoment.QueueCheckpoint, KillMoment.Random];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "fault-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task Every_acknowledged_event_survives_sigkill_at_rollover_commit_and_random_moments_exactly_once_and_intact()
    {
        var kills = FaultSettings.Kills;
        var events = FaultSettings.Events;
        var clock = Stopwatch.StartNew();
        using var console = new ConsoleProcess(_dataPath, FaultSettings.FrequentRolloverAndCommit);
        await console.StartAsync();
        var sender = new NumberedEventSender(console.BaseAddress, "faults");
        using var stop = new CancellationTokenSource();
        var sending = sender.RunAsync(workers: 3, stop.Token);

        var caught = Moments.ToDictionary(m => m, _ => 0);
        var missed = Moments.ToDictionary(m => m, _ => 0);
        try
        {
            for (var kill = 0; kill < kills; kill++)
            {
                // Each round first gets its share of events acknowledged, so the kills are spread over the whole run.
                var due = (long)events * (kill + 1) / (kills + 1);
                await Support.Eventually.Get(() => Task.FromResult(sender.Acknowledged), n => n >= due, TimeSpan.FromMinutes(3));
                Assert.True(sender.Acknowledged >= due, $"round {kill + 1}: only {sender.Acknowledged} of {due} events acknowledged within 3 minutes");

                var moment = Moments[kill % Moments.Length];
                var atMoment = await KillTrigger.KillAtAsync(console, moment, TimeSpan.FromSeconds(60));
                (atMoment ? caught : missed)[moment]++;
                await console.StartAsync();
            }

            await Support.Eventually.Get(() => Task.FromResult(sender.Acknowledged), n => n >= events, TimeSpan.FromMinutes(3));
        }
        finally
        {
            await stop.CancelAsync();
            await sending;
        }

        using var client = new HttpClient { BaseAddress = console.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        var report = await RecoveryChecker.CheckAsync(client, sender);
        log.WriteLine($"kills survived: {kills} ({string.Join(", ", Moments.Select(m => $"{m} {caught[m]} caught, {missed[m]} missed"))})");
        log.WriteLine($"in doubt (no answer): {sender.InDoubt}; refused while down (not sent): {sender.Refused}");
        log.WriteLine(report.ToString());
        log.WriteLine($"time: {clock.Elapsed.TotalSeconds:F0} s");

        report.AssertPassed();
        Assert.True(report.Acknowledged >= events, $"{report.Acknowledged} events acknowledged, {events} wanted");
        // A moment the watcher never saw was killed at a random time instead: tolerable once, not as the rule.
        Assert.True(missed.Values.Sum() <= kills / 4, $"the kill moments were missed {missed.Values.Sum()} times of {kills}");
    }
}
