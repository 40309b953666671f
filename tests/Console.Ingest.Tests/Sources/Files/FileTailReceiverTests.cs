using System.Text.Json;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Files;
using Console.Ingest.Tests.Support;
using static Console.Ingest.Tests.Sources.Files.Tailer;
using static Console.Ingest.Tests.Support.Poll;
using Xunit.Abstractions;

namespace Console.Ingest.Tests.Sources.Files;

public class FileTailReceiverTests(ITestOutputHelper output)
{
    // Generous: the rotation and backlog cases read thousands of lines, which takes long on a loaded 2-core machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Appended_lines_are_picked_up_in_order_with_path_offset_and_a_stable_id()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("django.log");
        Append(log, "first\r\nsecond\n");
        var input = Input("django", log);
        input.Parser = "django";
        input.IndexBase = "thebot-logs";
        await using var tailer = await StartAsync(Settings(dir, input));

        await Eventually(() => tailer.Pipeline.Count == 2, Timeout, "the existing lines");
        Append(log, "third\n");
        await Eventually(() => tailer.Pipeline.Count == 3, Timeout, "the appended line");

        var records = tailer.Pipeline.Records;
        Assert.Equal(["first", "second", "third"], tailer.Pipeline.Messages);
        Assert.All(records, r =>
        {
            Assert.Equal("file:django", r.Input);
            Assert.Equal("django", r.Parser);
            Assert.Equal("thebot-logs", r.IndexBase);
            Assert.Equal(log, (string?)r.Fields["log"]!["file"]!["path"]);
        });
        Assert.Equal([0L, 7L, 14L], records.Select(r => (long)r.Fields["log"]!["offset"]!));
        Assert.Equal(3, records.Select(r => r.Id).Distinct().Count());
        Assert.All(tailer.Pipeline.Modes, m => Assert.Equal(BackpressureMode.Wait, m));
        Assert.Equal(3, tailer.Stats.Input("file:django").Received);
        await Eventually(() => RegistryOffsets(tailer.Options).SingleOrDefault() == 20, Timeout, "the registry to hold the end of the last line");
    }

    [Fact]
    public async Task Rename_rotation_mid_stream_reads_every_line_exactly_once_in_order()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        await using var tailer = await StartAsync(Settings(dir, Input("app", log)), logger: new TestOutputLogger<FileTailReceiver>(output));
        var expected = new List<string>();
        var next = 0;

        for (var rotation = 0; rotation < 3; rotation++)
        {
            // A writer that keeps its handle across the rename, as a process does until logrotate's postrotate signal.
            using (var writer = new StreamWriter(new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)))
            {
                for (var burst = 0; burst < 5; burst++)
                {
                    foreach (var line in Lines("app", next, 40))
                    {
                        await writer.WriteLineAsync(line);
                        expected.Add(line);
                    }

                    next += 40;
                    await writer.FlushAsync();
                    await Task.Delay(5);
                }

                // A file is followed once a scan has seen it under a globbed name (as Filebeat does): a file renamed
                // away before any scan found it is out of reach. In production a log lives far longer than one scan
                // interval; a loaded test machine may not scan within the ~30 ms this loop takes, so wait for it.
                var firstOfBursts = expected[^(5 * 40)];
                await Eventually(() => tailer.Pipeline.Messages.Contains(firstOfBursts), Timeout, "the file to be found before it is rotated");
                File.Move(log, log + ".1", overwrite: true); // logrotate's default 'create' mode
                foreach (var line in Lines("app", next, 25))
                {
                    await writer.WriteLineAsync(line); // still lands in app.log.1
                    expected.Add(line);
                }

                next += 25;
            }

            var fresh = Lines("app", next, 60).ToList();
            AppendLines(log, fresh);
            expected.AddRange(fresh);
            next += 60;

            // A file must be seen under a globbed name once (within a scan) to be followed; the next rotation may come
            // while the reader is still behind on it.
            await Eventually(() => tailer.Pipeline.Messages.Contains(fresh[0]), Timeout, "the new file to be found");
        }

        await Eventually(() => tailer.Pipeline.Count >= expected.Count, Timeout, $"{expected.Count} lines, missing {string.Join(", ", expected.Except(tailer.Pipeline.Messages).Take(30))}");
        await Throughout(() => tailer.Pipeline.Count == expected.Count, TimeSpan.FromMilliseconds(200), "no line to repeat");
        Assert.Equal(expected, tailer.Pipeline.Messages);
        Assert.Equal(expected.Count, tailer.Pipeline.Records.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Rotations_faster_than_a_scan_lose_nothing_when_the_glob_covers_rotated_names()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        var input = Input("app", log + "*");
        input.ExcludeFiles = [@"\.gz$"];
        File.WriteAllText(log + ".9.gz", "\u001f\u008b compressed, never read");
        var settings = Settings(dir, input);
        settings.ScanInterval = TimeSpan.FromMilliseconds(300);
        await using var tailer = await StartAsync(settings);
        var expected = new List<string>();
        var next = 0;

        for (var rotation = 0; rotation < 4; rotation++)
        {
            var lines = Lines("app", next, 50).ToList();
            AppendLines(log, lines);
            expected.AddRange(lines);
            next += 50;

            // logrotate with 'rotate 5': shift app.log.N to N+1, then app.log to app.log.1; nothing is deleted yet.
            for (var n = 4; n >= 1; n--)
            {
                if (File.Exists($"{log}.{n}"))
                {
                    File.Move($"{log}.{n}", $"{log}.{n + 1}");
                }
            }

            File.Move(log, log + ".1");
            await Task.Delay(2); // distinct modification times, as rotations minutes apart would have
        }

        var last = Lines("app", next, 10).ToList();
        AppendLines(log, last);
        expected.AddRange(last);

        await Eventually(() => tailer.Pipeline.Count >= expected.Count, Timeout, $"{expected.Count} lines");
        await Throughout(() => tailer.Pipeline.Count == expected.Count, TimeSpan.FromMilliseconds(400), "no line to repeat");
        var messages = tailer.Pipeline.Messages;
        Assert.Equal(expected.Order(StringComparer.Ordinal), messages.Order(StringComparer.Ordinal));

        // Within a file lines keep their order. Across files order holds when they are found in the same scan (oldest
        // first); a file renamed while a scan listed the directory may be found a scan later, after a newer one.
        for (var block = 0; block < expected.Count; block += 50)
        {
            var lines = expected.Skip(block).Take(50).ToHashSet();
            Assert.Equal(expected.Skip(block).Take(50), messages.Where(lines.Contains));
        }
    }

    [Fact]
    public async Task A_deleted_rotated_file_is_read_to_its_end_then_closed_and_forgotten()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        AppendLines(log, Lines("old", 0, 10));
        await using var tailer = await StartAsync(Settings(dir, Input("app", log)));
        await Eventually(() => tailer.Pipeline.Count == 10, Timeout, "the first lines");

        File.Move(log, log + ".1");
        AppendLines(log + ".1", Lines("old", 10, 5));
        AppendLines(log, Lines("new", 0, 5));
        await Eventually(() => tailer.Pipeline.Count == 20, Timeout, "both files");
        File.Delete(log + ".1");

        await Eventually(() => RegistryOffsets(tailer.Options).Count == 1, Timeout, "the deleted file's entry to go");
        Assert.Equal([.. Lines("old", 0, 15), .. Lines("new", 0, 5)], tailer.Pipeline.Messages);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries("/proc/self/fd").Select(ReadLink), t => t?.EndsWith("app.log.1 (deleted)", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Copytruncate_restarts_from_the_beginning_without_losing_or_repeating_lines()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        AppendLines(log, Lines("before", 0, 100));
        var settings = Settings(dir, Input("app", log));
        settings.ScanInterval = TimeSpan.FromMilliseconds(200);
        await using var tailer = await StartAsync(settings);
        await Eventually(() => tailer.Pipeline.Count == 100, Timeout, "the lines before the truncation");

        // logrotate copytruncate: copy, then truncate in place; then the application keeps appending.
        File.Copy(log, log + ".1");
        using (var truncate = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            truncate.SetLength(0);
        }

        AppendLines(log, Lines("after", 0, 20));
        await Eventually(() => tailer.Pipeline.Count == 120, Timeout, "the lines after the truncation");

        // Truncated and refilled past the old offset between two looks: the changed head gives it away.
        using (var truncate = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            truncate.SetLength(0);
        }

        AppendLines(log, Lines("refill", 0, 300));
        await Eventually(() => tailer.Pipeline.Count >= 420, Timeout, "the refilled lines");
        await Throughout(() => tailer.Pipeline.Count == 420, TimeSpan.FromMilliseconds(300), "no line to repeat");

        Assert.Equal([.. Lines("before", 0, 100), .. Lines("after", 0, 20), .. Lines("refill", 0, 300)], tailer.Pipeline.Messages);
        Assert.Equal(420, tailer.Pipeline.Records.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_restart_reads_only_what_was_appended_while_stopped()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        AppendLines(log, Lines("run1", 0, 50));
        var settings = Settings(dir, Input("app", log));
        var first = await StartAsync(settings);
        await Eventually(() => first.Pipeline.Count == 50, Timeout, "the first run's lines");
        await first.StopAsync();

        AppendLines(log, Lines("down", 0, 30));
        await using var second = await StartAsync(settings);
        await Eventually(() => second.Pipeline.Count >= 30, Timeout, "the lines appended while stopped");
        AppendLines(log, Lines("run2", 0, 5));
        await Eventually(() => second.Pipeline.Count >= 35, Timeout, "the second run's lines");
        await Throughout(() => second.Pipeline.Count == 35, TimeSpan.FromMilliseconds(200), "no line to repeat");

        Assert.Equal([.. Lines("down", 0, 30), .. Lines("run2", 0, 5)], second.Pipeline.Messages);
        Assert.True(File.Exists(settings.RegistryPath));
    }

    [Fact]
    public async Task Lines_replayed_after_a_crash_before_the_registry_write_keep_their_ids()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        AppendLines(log, Lines("x", 0, 10));
        var settings = Settings(dir, Input("app", log));
        var first = await StartAsync(settings);
        await Eventually(() => first.Pipeline.Count == 10, Timeout, "the lines");
        await first.StopAsync();

        // As if the process died after the pipeline accepted the batch but before the registry was written.
        var registry = File.ReadAllText(settings.RegistryPath);
        File.WriteAllText(settings.RegistryPath, System.Text.RegularExpressions.Regex.Replace(registry, "\"offset\": \\d+", "\"offset\": 0"));
        await using var second = await StartAsync(settings);
        await Eventually(() => second.Pipeline.Count == 10, Timeout, "the replay");

        Assert.Equal(first.Pipeline.Records.Select(r => r.Id), second.Pipeline.Records.Select(r => r.Id));
    }

    [Fact]
    public async Task Latin1_files_are_decoded_and_a_utf8_byte_order_mark_is_dropped()
    {
        using var dir = new TempDirectory();
        var latin = dir.Combine("latin.log");
        File.WriteAllBytes(latin, [0x63, 0x61, 0x66, 0xE9, 0x0A]); // "café" in ISO-8859-1
        var bom = dir.Combine("bom.log");
        File.WriteAllBytes(bom, [0xEF, 0xBB, 0xBF, .. "first\nsecond\n"u8.ToArray()]);
        var latinInput = Input("latin", latin);
        latinInput.Encoding = "latin1";
        await using var tailer = await StartAsync(Settings(dir, latinInput, Input("bom", bom)));

        await Eventually(() => tailer.Pipeline.Count == 3, Timeout, "three lines");
        Assert.Equal(["café", "first", "second"], tailer.Pipeline.Messages.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_restart_finishes_a_file_rotated_while_stopped_before_the_new_one()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        AppendLines(log, Lines("a", 0, 10));
        var settings = Settings(dir, Input("app", log));
        var first = await StartAsync(settings);
        await Eventually(() => first.Pipeline.Count == 10, Timeout, "the first lines");
        await first.StopAsync();

        AppendLines(log, Lines("a", 10, 7));
        File.Move(log, log + ".1");
        AppendLines(log, Lines("b", 0, 4));
        await using var second = await StartAsync(settings);
        await Eventually(() => second.Pipeline.Count >= 11, Timeout, "the rest of the rotated file and the new file");
        await Throughout(() => second.Pipeline.Count == 11, TimeSpan.FromMilliseconds(200), "no line to repeat");

        Assert.Equal([.. Lines("a", 10, 7), .. Lines("b", 0, 4)], second.Pipeline.Messages);
    }

    [Fact]
    public async Task A_pending_multiline_event_at_stop_is_sent_whole_after_the_restart()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        var input = Input("app", log);
        input.Multiline = new MultilineOptions { Pattern = @"^\s", Match = MultilineMatch.After, Timeout = TimeSpan.FromMinutes(5) };
        var settings = Settings(dir, input);
        Append(log, "one\n  one.1\ntwo\n  two.1\n");
        var first = await StartAsync(settings);
        await Eventually(() => first.Pipeline.Count == 1, Timeout, "the first event");
        await first.StopAsync(); // 'two' is still pending: its end is unknown until the next line

        Append(log, "  two.2\nthree\n");
        await using var second = await StartAsync(settings);
        await Eventually(() => second.Pipeline.Count == 1, Timeout, "the event pending at the stop");

        Assert.Equal(["one\n  one.1"], first.Pipeline.Messages);
        Assert.Equal(["two\n  two.1\n  two.2"], second.Pipeline.Messages);
        Assert.Equal(["multiline"], second.Pipeline.Records[0].Fields["log"]!["flags"]!.AsArray().Select(f => (string?)f));
    }

    [Fact]
    public async Task A_multiline_timeout_does_not_split_events_whose_lines_wait_unread_behind_a_slow_pipeline()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        var input = Input("app", log);
        input.Multiline = new MultilineOptions { Pattern = "^E", Negate = true, Timeout = TimeSpan.FromMilliseconds(50) };
        var settings = Settings(dir, input);
        settings.BatchSize = 2;
        var pipeline = new CollectingPipeline { Delay = TimeSpan.FromMilliseconds(200) };
        var events = Enumerable.Range(0, 6).Select(i => $"E{i}\n  at a\n  at b\n  at c").ToList();
        AppendLines(log, events);
        await using var tailer = await StartAsync(settings, pipeline);

        await Eventually(() => pipeline.Count >= 6, Timeout, "six events");
        await Throughout(() => pipeline.Count == 6, TimeSpan.FromMilliseconds(200), "no event to be split");
        Assert.Equal(events, pipeline.Messages);
    }

    [Fact]
    public async Task A_glob_picks_up_files_created_later()
    {
        using var dir = new TempDirectory();
        var logs = Directory.CreateDirectory(dir.Combine("logs")).FullName;
        AppendLines(Path.Combine(logs, "a.log"), ["a1"]);
        await using var tailer = await StartAsync(Settings(dir, Input("logs", Path.Combine(logs, "*.log"))));
        await Eventually(() => tailer.Pipeline.Count == 1, Timeout, "the existing file");

        AppendLines(Path.Combine(logs, "b.txt"), ["not matched"]);
        AppendLines(Path.Combine(logs, "b.log"), ["b1", "b2"]);
        await Eventually(() => tailer.Pipeline.Count == 3, Timeout, "the file created later");
        await Throughout(() => tailer.Pipeline.Count == 3, TimeSpan.FromMilliseconds(150), "b.txt to stay unread");

        Assert.Equal(["a1", "b1", "b2"], tailer.Pipeline.Messages);
        Assert.Equal(Path.Combine(logs, "b.log"), (string?)tailer.Pipeline.Records[2].Fields["log"]!["file"]!["path"]);
    }

    [Fact]
    public async Task An_oversize_line_is_rejected_and_counted_and_the_next_line_is_intact()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        var settings = Settings(dir, Input("app", log));
        settings.MaxLineBytes = 1024;
        Append(log, "before\n" + new string('x', 5000) + "\nafter\n");
        await using var tailer = await StartAsync(settings);
        await Eventually(() => tailer.Pipeline.Count == 2, Timeout, "the lines around the long one");

        // The same when the long line arrives in pieces across reads.
        Append(log, new string('y', 800));
        await Task.Delay(120);
        Append(log, new string('y', 800) + "\nlast\n");
        await Eventually(() => tailer.Pipeline.Count == 3, Timeout, "the line after the second long one");

        var counters = tailer.Stats.Input("file:app");
        Assert.Equal(["before", "after", "last"], tailer.Pipeline.Messages);
        Assert.Equal(2, counters.Rejected);
        Assert.Contains("longer than 1024 bytes at offset 7", counters.Recent.Snapshot()[0].Reason, StringComparison.Ordinal);
        await Eventually(() => RegistryOffsets(tailer.Options).SingleOrDefault() == new FileInfo(log).Length, Timeout, "the registry to move past the long lines");
    }

    [Fact]
    public async Task A_partial_trailing_line_is_not_sent_until_its_newline_arrives()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        Append(log, "complete\npart");
        await using var tailer = await StartAsync(Settings(dir, Input("app", log)));
        await Eventually(() => tailer.Pipeline.Count == 1, Timeout, "the complete line");
        await Throughout(() => tailer.Pipeline.Count == 1, TimeSpan.FromMilliseconds(300), "the partial line to wait");
        Assert.Equal([9L], RegistryOffsets(tailer.Options));

        Append(log, "ial line\n");
        await Eventually(() => tailer.Pipeline.Count == 2, Timeout, "the completed line");
        Assert.Equal(["complete", "partial line"], tailer.Pipeline.Messages);
        Assert.Equal(9L, (long)tailer.Pipeline.Records[1].Fields["log"]!["offset"]!);
    }

    [Fact]
    public async Task StartAt_end_skips_existing_content_on_the_first_run_only()
    {
        using var dir = new TempDirectory();
        var logs = Directory.CreateDirectory(dir.Combine("logs")).FullName;
        AppendLines(Path.Combine(logs, "a.log"), ["old a"]);
        var input = Input("logs", Path.Combine(logs, "*.log"));
        input.StartAt = FileStartPosition.End;
        var settings = Settings(dir, input);
        var first = await StartAsync(settings);
        await Eventually(() => RegistryOffsets(settings).Count == 1, Timeout, "a.log to be registered");

        AppendLines(Path.Combine(logs, "a.log"), ["new a"]);
        AppendLines(Path.Combine(logs, "b.log"), ["b from the start"]);
        await Eventually(() => first.Pipeline.Count == 2, Timeout, "the appended line and the new file");
        await first.StopAsync();
        Assert.Equal(["b from the start", "new a"], first.Pipeline.Messages.Order(StringComparer.Ordinal).ToList());

        AppendLines(Path.Combine(logs, "c.log"), ["c while stopped"]);
        await using var second = await StartAsync(settings);
        await Eventually(() => second.Pipeline.Count == 1, Timeout, "a file created while stopped, read from its start");
        Assert.Equal(["c while stopped"], second.Pipeline.Messages);
    }

    [Fact]
    public async Task A_failing_pipeline_is_retried_and_nothing_is_lost_or_repeated()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        var pipeline = new CollectingPipeline();
        pipeline.FailNext(3);
        AppendLines(log, Lines("x", 0, 20));
        await using var tailer = await StartAsync(Settings(dir, Input("app", log)), pipeline);

        await Eventually(() => pipeline.Count == 20, Timeout, "the lines after the failures");
        AppendLines(log, Lines("x", 20, 5));
        await Eventually(() => pipeline.Count == 25, Timeout, "later lines");

        Assert.Equal(3, pipeline.Failures);
        Assert.Equal(Lines("x", 0, 25), pipeline.Messages);
    }

    [Fact]
    public async Task A_slow_pipeline_gets_batches_no_larger_than_BatchSize_in_order()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        var pipeline = new CollectingPipeline { Delay = TimeSpan.FromMilliseconds(20) };
        AppendLines(log, Lines("x", 0, 2500));
        var settings = Settings(dir, Input("app", log));
        settings.BatchSize = 300;
        await using var tailer = await StartAsync(settings, pipeline);

        await Eventually(() => pipeline.Count == 2500, Timeout, "every line");

        Assert.Equal(Lines("x", 0, 2500), pipeline.Messages);
        Assert.All(pipeline.BatchSizes, size => Assert.InRange(size, 1, 300));
    }

    [Fact]
    public async Task A_backlog_in_one_file_does_not_hold_up_another()
    {
        using var dir = new TempDirectory();
        var logs = Directory.CreateDirectory(dir.Combine("logs")).FullName;
        AppendLines(Path.Combine(logs, "big.log"), Lines("big", 0, 20_000));
        File.SetLastWriteTimeUtc(Path.Combine(logs, "big.log"), DateTime.UtcNow.AddMinutes(-1)); // tracked, so read, first
        AppendLines(Path.Combine(logs, "small.log"), ["small"]);
        var settings = Settings(dir, Input("logs", Path.Combine(logs, "*.log")));
        settings.BatchSize = 100;
        await using var tailer = await StartAsync(settings);

        await Eventually(() => tailer.Pipeline.Count == 20_001, Timeout, "every line");

        var messages = tailer.Pipeline.Messages;
        Assert.InRange(messages.ToList().IndexOf("small"), 1, 1000);
        Assert.Equal(Lines("big", 0, 20_000), messages.Where(m => m != "small"));
    }

    [Fact]
    public async Task Batches_of_long_lines_are_cut_by_size_not_only_by_count()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("app.log");
        AppendLines(log, Enumerable.Range(0, 120).Select(i => $"{i:D3}" + new string('x', 100_000)));
        await using var tailer = await StartAsync(Settings(dir, Input("app", log)));

        await Eventually(() => tailer.Pipeline.Count == 120, Timeout, "every long line");

        var perBatch = (int)(RecordBatch.DefaultMaxTextChars / 100_003) + 1;
        Assert.All(tailer.Pipeline.BatchSizes, size => Assert.InRange(size, 1, perBatch));
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"{i:D3}"), tailer.Pipeline.Messages.Select(m => m[..3]));
    }

    private static List<long> RegistryOffsets(FileTailOptions options)
    {
        if (!File.Exists(options.RegistryPath))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(options.RegistryPath));
            return document.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("offset").GetInt64()).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
