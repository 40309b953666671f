using System.Diagnostics;
using System.Text.RegularExpressions;
using Console.Ingest.Sources.Files;
using Console.Ingest.Tests.Support;
using Xunit.Abstractions;
using static Console.Ingest.Tests.Sources.Files.Tailer;
using static Console.Ingest.Tests.Support.Poll;

namespace Console.Ingest.Tests.Sources.Files;

/// <summary>The Django log of the shared corpus read through the tailer, as Filebeat would ship it.</summary>
public partial class DjangoTracebackTailTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Python_tracebacks_are_grouped_into_one_event_per_log_record()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("thebot.log");
        File.Copy(Corpus.PathOf("django/thebot.log"), log);
        var lines = File.ReadAllLines(log);
        var records = lines.Count(l => RecordStart().IsMatch(l));
        var withTraceback = Corpus.Manifest("summary").GetProperty("django_tracebacks").GetProperty("records_with_traceback").GetInt32();
        var input = Input("django", log);
        input.Multiline = new MultilineOptions
        {
            Pattern = @"^\d{4}-\d{2}-\d{2} ",
            Negate = true,
            Match = MultilineMatch.After,
            Timeout = TimeSpan.FromMilliseconds(200), // the last record has no successor to close it
        };

        var clock = Stopwatch.StartNew();
        await using var tailer = await StartAsync(Settings(dir, input));
        await Eventually(() => tailer.Pipeline.Count >= records, Timeout, $"{records} events");
        clock.Stop();

        var messages = tailer.Pipeline.Messages;
        Assert.Equal(5782, records);
        Assert.Equal(records, messages.Count);
        Assert.Equal(55, withTraceback);
        Assert.Equal(withTraceback, messages.Count(m => m.Contains("Traceback (most recent call last)", StringComparison.Ordinal)));
        Assert.Equal(lines.Length, messages.Sum(m => m.Split('\n').Length));
        Assert.Equal(string.Join('\n', lines), string.Join('\n', messages));
        output.WriteLine($"{lines.Length} lines into {messages.Count} events in {clock.ElapsedMilliseconds} ms: {lines.Length / clock.Elapsed.TotalSeconds:N0} lines/s (multi-line, including start-up and the 200 ms timeout of the last event)");
    }

    [Fact]
    public async Task Every_line_of_the_django_log_arrives_once_in_order_and_the_rate_is_reported()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("thebot.log");
        File.Copy(Corpus.PathOf("django/thebot.log"), log);
        var lines = File.ReadAllLines(log);

        var clock = Stopwatch.StartNew();
        await using var tailer = await StartAsync(Settings(dir, Input("django", log)));
        await Eventually(() => tailer.Pipeline.Count >= lines.Length, Timeout, $"{lines.Length} lines");
        clock.Stop();

        Assert.Equal(lines, tailer.Pipeline.Messages);
        var accepted = tailer.Pipeline.AcceptedAt;
        output.WriteLine($"{lines.Length} lines in {clock.ElapsedMilliseconds} ms from start: {lines.Length / clock.Elapsed.TotalSeconds:N0} lines/s; " +
            $"{accepted.Count} batches, first to last {Stopwatch.GetElapsedTime(accepted[0], accepted[^1]).TotalMilliseconds:N0} ms");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} ")]
    private static partial Regex RecordStart();
}
