using System.Text.Json.Nodes;
using Console.Ingest.Parsing;
using Console.Ingest.Parsing.Grok;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Ingest.Transforms;
using Console.Shared.Events;
using Console.Shared.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Pipeline;

public class IngestPipelineTests : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "pipeline-tests-" + Guid.NewGuid().ToString("N"));
    private readonly IngestStats _stats = new();
    private WriteAheadLog? _queue;

    public async ValueTask DisposeAsync()
    {
        if (_queue is not null)
        {
            await _queue.DisposeAsync();
        }

        Directory.Delete(_path, recursive: true);
        GC.SuppressFinalize(this);
    }

    private readonly Console.Ingest.Tail.LiveTailFeed _tail = new();

    private IngestPipeline Build(TransformOptions? transforms = null, int maxPending = 1000)
    {
        var options = Options.Create(transforms ?? new TransformOptions { Environment = "development", HostName = "test-host" });
        _queue = new WriteAheadLog(
            Options.Create(new WriteAheadLogOptions { Path = _path, MaxPendingEvents = maxPending }),
            Options.Create(new StorageOptions()), NullLogger<WriteAheadLog>.Instance);
        return new IngestPipeline(
            new ParserRegistry(Options.Create(new GrokOptions { Parsers = { ["words"] = new GrokParserDefinition { Match = ["level=%{WORD:level}"] } } }), TimeProvider.System),
            new LogEventNormalizer(TimeProvider.System),
            [new DropDebugFilter(options), new DropQueryFilter(options, TimeProvider.System)],
            [new EnvironmentEnricher(options)],
            new ErrorRouter(options),
            _queue,
            _tail,
            _stats,
            TimeProvider.System,
            NullLogger<IngestPipeline>.Instance);
    }

    private static IngestRecord Record(string json, string? parser = null, string input = "test") =>
        new() { Input = input, Fields = (JsonObject)JsonNode.Parse(json)!, Parser = parser };

    private List<LogEvent> Queued()
    {
        var events = new List<LogEvent>();
        while (_queue!.Reader.TryRead(out var batch))
        {
            events.AddRange(_queue.ReadEvents(batch).Select(e => e.ToLogEvent()));
        }

        return events;
    }

    [Fact]
    public async Task Errors_are_also_routed_to_the_errors_index_with_a_derived_id()
    {
        var pipeline = Build();
        var result = await pipeline.SubmitAsync([
            Record("""{"@timestamp":"2026-11-23T10:00:00Z","level":"error","message":"boom"}"""),
            Record("""{"@timestamp":"2026-11-23T10:00:01Z","level":"info","message":"fine"}"""),
        ], BackpressureMode.Reject, CancellationToken.None);

        Assert.Equal(3, result.Queued);
        var events = Queued();
        Assert.Equal(["thebot-logs-2026.11.23", "thebot-errors-2026.11.23", "thebot-logs-2026.11.23"], events.Select(e => e.Index));
        Assert.Equal(events[0].Id + "-e", events[1].Id);
        Assert.Equal("boom", (string?)events[1].Source["message"]);
        Assert.Equal(events[0].Id, result.Events[0]!.Id);
    }

    [Fact]
    public async Task Debug_is_dropped_in_production_and_counted()
    {
        var pipeline = Build(new TransformOptions { Environment = "production" });
        var result = await pipeline.SubmitAsync([
            Record("""{"levelname":"DEBUG","message":"noise"}"""),
            Record("""{"levelname":"INFO","message":"kept"}"""),
        ], BackpressureMode.Reject, CancellationToken.None);

        Assert.Equal(1, result.Dropped);
        Assert.Null(result.Events[0]);
        Assert.Equal(["kept"], Queued().Select(e => (string?)e.Source["message"]));
        Assert.Equal(1, _stats.Input("test").Dropped);
        Assert.Equal(1, _stats.Stage("filter:drop-debug").Dropped);
    }

    [Fact]
    public async Task Debug_is_kept_outside_production()
    {
        var pipeline = Build();
        var result = await pipeline.SubmitAsync([Record("""{"levelname":"DEBUG","message":"noise"}""")], BackpressureMode.Reject, CancellationToken.None);

        Assert.Equal(0, result.Dropped);
        Assert.Single(Queued());
    }

    [Fact]
    public async Task Events_matching_a_drop_query_are_dropped()
    {
        var pipeline = Build(new TransformOptions { DropQueries = ["logger:thebot.http AND message:\"GET /api/health/\""] });
        var result = await pipeline.SubmitAsync([
            Record("""{"logger_name":"thebot.http","message":"GET /api/health/ 200"}"""),
            Record("""{"logger_name":"thebot.http","message":"GET /api/lessons/ 200"}"""),
            Record("""{"logger_name":"thebot.auth","message":"GET /api/health/ 200"}"""),
        ], BackpressureMode.Reject, CancellationToken.None);

        Assert.Equal(1, result.Dropped);
        Assert.Equal(2, Queued().Count);
    }

    [Fact]
    public async Task A_parse_failure_is_kept_tagged_and_counted()
    {
        var pipeline = Build();
        await pipeline.SubmitAsync([
            Record("""{"message":"level=warning all good"}""", parser: "words"),
            Record("""{"message":"no structure here"}""", parser: "words"),
        ], BackpressureMode.Reject, CancellationToken.None);

        var events = Queued();
        Assert.Equal("WARNING", (string?)events[0].Source["log_level"]);
        Assert.Equal("no structure here", (string?)events[1].Source["message"]);
        Assert.Equal("_grokparsefailure", (string?)events[1].Source["tags"]![0]);
        Assert.Equal(1, _stats.Input("test").Parsed);
        Assert.Equal(1, _stats.Input("test").Failed);
        Assert.Equal(1, _stats.Stage("parse").Failed);
    }

    [Fact]
    public async Task Events_are_enriched_with_host_and_environment_without_overwriting()
    {
        var pipeline = Build(new TransformOptions { Environment = "staging", PlatformVersion = "2026.11.1", HostName = "console-1" });
        await pipeline.SubmitAsync([
            Record("""{"message":"a"}"""),
            Record("""{"message":"b","host":"web-7","environment":"production"}"""),
        ], BackpressureMode.Reject, CancellationToken.None);

        var events = Queued();
        Assert.Equal("console-1", (string?)events[0].Source["host"]!["name"]);
        Assert.Equal("staging", (string?)events[0].Source["environment"]);
        Assert.Equal("2026.11.1", (string?)events[0].Source["platform"]!["version"]);
        Assert.Equal("web-7", (string?)events[1].Source["host"]!["name"]);
        Assert.Equal("production", (string?)events[1].Source["environment"]);
    }

    [Fact]
    public async Task A_full_queue_refuses_the_whole_submission_and_counts_it()
    {
        var pipeline = Build(maxPending: 1000);
        var many = Enumerable.Range(0, 1000).Select(i => Record($$"""{"message":"m{{i}}"}""")).ToList();
        await pipeline.SubmitAsync(many, BackpressureMode.Reject, CancellationToken.None);

        var result = await pipeline.SubmitAsync([Record("""{"message":"one more"}""")], BackpressureMode.Reject, CancellationToken.None);

        Assert.True(result.QueueFull);
        Assert.Equal(1000, Queued().Count);
        Assert.Equal(1, _stats.Input("test").Rejected);
    }

    [Fact]
    public async Task A_record_with_an_id_keeps_it()
    {
        var pipeline = Build();
        await pipeline.SubmitAsync([new IngestRecord { Input = "test", Fields = new JsonObject { ["message"] = "x" }, Id = "file-1-100" }], BackpressureMode.Reject, CancellationToken.None);

        Assert.Equal("file-1-100", Assert.Single(Queued()).Id);
    }

    [Fact]
    public async Task Accepted_events_reach_the_live_tail_once_they_are_queued_and_dropped_ones_never_do()
    {
        var pipeline = Build(new TransformOptions { Environment = "production", HostName = "test-host", DropDebugInProduction = true, ErrorLevels = ["ERROR"], ErrorIndex = "thebot-errors" });
        using var viewer = _tail.Subscribe();

        await pipeline.SubmitAsync([Record("""{"level":"DEBUG","message":"dropped"}"""), Record("""{"level":"ERROR","message":"kept"}""")], BackpressureMode.Reject, CancellationToken.None);

        var seen = new List<LogEvent>();
        while (viewer.Events.TryRead(out var logEvent))
        {
            seen.Add(logEvent);
        }

        Assert.All(seen, e => Assert.Equal("kept", (string?)e.Source["message"]));
        Assert.Equal(["thebot-errors", "thebot-logs"], seen.Select(e => IndexNames.BaseOf(e.Index)).Order(StringComparer.Ordinal));
    }
}
