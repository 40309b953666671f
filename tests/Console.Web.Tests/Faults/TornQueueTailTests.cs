using System.Net.Http.Json;
using System.Text.Json;
using Console.Web.Tests.Faults.Harness;
using Xunit.Abstractions;

namespace Console.Web.Tests.Faults;

/// <summary>
/// The newest queue segment of a SIGKILLed console is damaged while it is stopped, in three copies of its data folder:
/// garbage after the last record (a write torn by the crash), the file cut in the middle of a record, and its last bytes
/// overwritten (a damaged block). On each the console must start, count and log the cut, and keep every acknowledged
/// event whose record lies before the damage. The store commits only every 5 minutes before the kill, so the events
/// survive only through the queue.
/// </summary>
[Trait("Category", "Faults")]
public sealed class TornQueueTailTests(ITestOutputHelper log) : IDisposable
{
    private const int Events = 3_000;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fault-torn-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_damaged_queue_tail_is_cut_off_counted_and_logged_and_the_events_before_it_survive()
    {
        var killed = Path.Combine(_root, "killed");
        NumberedEventSender sender;
        using (var before = new ConsoleProcess(killed, ["--Ingest:Indexer:CommitInterval=00:05:00", "--Ingest:RateLimit:Enabled=false"]))
        {
            await before.StartAsync();
            sender = new NumberedEventSender(before.BaseAddress, "faults", batchSize: 100);
            using var client = new HttpClient { BaseAddress = before.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            while (sender.Acknowledged < Events)
            {
                Assert.True((await sender.SendBatchAsync(client)).Acknowledged, "a batch was not acknowledged before the kill");
            }

            before.Kill();
        }

        var acknowledged = sender.AcknowledgedSequences();
        var failures = new List<string>();
        foreach (var damage in Enum.GetValues<QueueTailDamage>())
        {
            var dataPath = Path.Combine(_root, damage.ToString());
            CopyFolder(killed, dataPath);
            var segment = QueueSegmentFile.Newest(Path.Combine(dataPath, "ingest", "wal"));
            var length = segment.Length;
            Assert.Equal(length, segment.Records[^1].End);
            var cutAt = Damage(segment, damage, length);
            var survivors = segment.SequencesBefore(cutAt);
            var lostToDamage = acknowledged.Count(s => !survivors.Contains(s));
            var expectedCut = segment.Length - segment.Records.Where(r => r.End <= cutAt).Select(r => r.End).DefaultIfEmpty(0).Max();
            Assert.True(survivors.Count > 0, $"{damage} left nothing before it");
            Assert.True(damage == QueueTailDamage.GarbageAppended ? lostToDamage == 0 : lostToDamage > 0, $"{damage} cut {lostToDamage} acknowledged events");

            using var after = new ConsoleProcess(dataPath, ["--Ingest:RateLimit:Enabled=false"]);
            await after.StartAsync();
            using var checking = new HttpClient { BaseAddress = after.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
            var queue = (await checking.GetFromJsonAsync<JsonElement>(new Uri("/api/ingest/stats", UriKind.Relative))).GetProperty("queue");
            Assert.Equal(1, queue.GetProperty("truncated_tails").GetInt32());
            Assert.Equal(expectedCut, queue.GetProperty("truncated_bytes").GetInt64());
            Assert.Contains(after.Output, line => line.Contains("torn or corrupt record", StringComparison.Ordinal));

            var report = await RecoveryChecker.CheckAsync(checking, sender, survivors);
            log.WriteLine($"{damage}: {expectedCut} bytes cut at start, {lostToDamage} acknowledged events lost to the damage itself; {report}");
            if (!report.Passed || report.Found - report.FoundUnacknowledged != survivors.Count)
            {
                failures.Add($"{damage}: {report}");
            }

            after.Kill();
        }

        Assert.Empty(failures);
    }

    /// <summary>Damages the segment; returns the offset from which its bytes are no longer readable.</summary>
    private static long Damage(QueueSegmentFile segment, QueueTailDamage damage, long length)
    {
        switch (damage)
        {
            case QueueTailDamage.GarbageAppended:
                segment.AppendGarbage(333);
                return length;
            case QueueTailDamage.CutMidRecord:
                var cutAt = segment.Records[segment.Records.Count * 2 / 3].End - 40;
                segment.Truncate(cutAt);
                return cutAt;
            default:
                segment.OverwriteTail(700);
                return length - 700;
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
