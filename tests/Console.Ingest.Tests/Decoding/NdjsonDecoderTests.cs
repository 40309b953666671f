using System.IO.Pipelines;
using System.Text;
using Console.Ingest.Decoding;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Decoding;

public class NdjsonDecoderTests
{
    private static NdjsonDecoder Decoder(int maxEventBytes = 1024, int batchSize = 5000) =>
        new(Options.Create(new NdjsonDecoderOptions { MaxEventBytes = maxEventBytes, BatchSize = batchSize }));

    private static async Task<(List<JsonObject> Events, long Accepted, IReadOnlyList<LineRejection> Rejections, List<int> Batches)> Decode(
        string body, NdjsonDecoder? decoder = null, int chunk = 7)
    {
        var pipe = new Pipe();
        var bytes = Encoding.UTF8.GetBytes(body);
        // Feed the body in small chunks so lines straddle reads, as they do on a network.
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });

        var events = new List<JsonObject>();
        var batches = new List<int>();
        var rejections = new List<LineRejection>();
        var accepted = await (decoder ?? Decoder()).DecodeAsync(pipe.Reader, batch =>
        {
            batches.Add(batch.Count);
            events.AddRange(batch);
            return ValueTask.CompletedTask;
        }, rejections.Add, CancellationToken.None);
        await writer;
        return (events, accepted, rejections, batches);
    }

    [Fact]
    public async Task Good_lines_are_kept_and_bad_lines_are_rejected_with_their_number_and_reason()
    {
        var body = """
            {"@timestamp":"2026-11-23T10:00:00Z","message":"one"}
            {not json}
            [1,2]
            {"@timestamp":"2026-11-23T10:00:01Z","message":"two"}
            "text"
            {}
            """;

        var (events, accepted, rejections, _) = await Decode(body);

        Assert.Equal(2, accepted);
        Assert.Equal(["one", "two"], events.Select(e => (string?)e["message"]));
        Assert.Equal([2L, 3L, 5L, 6L], rejections.Select(r => r.Line));
        Assert.StartsWith("invalid JSON", rejections[0].Reason, StringComparison.Ordinal);
        Assert.Equal("expected a JSON object, got array", rejections[1].Reason);
        Assert.Equal("expected a JSON object, got string", rejections[2].Reason);
        Assert.Equal("empty event", rejections[3].Reason);
    }

    [Fact]
    public async Task Blank_lines_and_crlf_are_not_events_and_the_last_line_needs_no_newline()
    {
        var (events, _, rejections, _) = await Decode("{\"message\":\"a\"}\r\n\r\n   \n{\"message\":\"b\"}");

        Assert.Empty(rejections);
        Assert.Equal(["a", "b"], events.Select(e => (string?)e["message"]));
    }

    [Fact]
    public async Task An_oversize_event_is_rejected_whole_and_the_lines_after_it_are_kept()
    {
        var huge = "{\"message\":\"" + new string('x', 5000) + "\"}";
        var body = "{\"message\":\"before\"}\n" + huge + "\n{\"message\":\"after\"}\n";

        var (events, _, rejections, _) = await Decode(body, Decoder(maxEventBytes: 1024), chunk: 256);

        var rejection = Assert.Single(rejections);
        Assert.Equal(2, rejection.Line);
        Assert.Contains("larger than 1024 bytes", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(["before", "after"], events.Select(e => (string?)e["message"]));
    }

    [Fact]
    public async Task Events_are_handed_on_in_bounded_batches_in_order()
    {
        var body = string.Join('\n', Enumerable.Range(0, 23).Select(i => $"{{\"n\":{i}}}"));

        var (events, accepted, _, batches) = await Decode(body, Decoder(batchSize: 10), chunk: body.Length);

        Assert.Equal(23, accepted);
        Assert.Equal([10, 10], batches.Take(2));
        Assert.All(batches, size => Assert.InRange(size, 1, 10));
        Assert.Equal(23, batches.Sum());
        Assert.Equal(Enumerable.Range(0, 23), events.Select(e => (int)e["n"]!));
    }

    [Fact]
    public async Task A_quiet_sender_gets_its_events_handed_on_without_waiting_for_a_full_batch()
    {
        var pipe = new Pipe();
        var handed = new TaskCompletionSource<int>();
        var decoding = Decoder(batchSize: 1000).DecodeAsync(pipe.Reader, batch =>
        {
            handed.TrySetResult(batch.Count);
            return ValueTask.CompletedTask;
        }, _ => { }, CancellationToken.None);

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"message\":\"a\"}\n{\"message\":\"b\"}\n"));

        Assert.Equal(2, await handed.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await pipe.Writer.CompleteAsync();
        Assert.Equal(2, await decoding);
    }

    [Fact]
    public async Task Every_line_of_the_django_corpus_decodes()
    {
        var path = Path.Combine(FindCorpus(), "django", "thebot.json.log");
        var body = await File.ReadAllTextAsync(path);

        var (events, accepted, rejections, _) = await Decode(body, Decoder(maxEventBytes: 1024 * 1024), chunk: 65536);

        Assert.Empty(rejections);
        Assert.Equal(5782, accepted);
        Assert.All(events, e => Assert.NotNull(e["levelname"]));
    }

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/corpus");
    }
}
