using System.Text.Json.Nodes;
using Console.Ingest.Parsing;
using Console.Ingest.Queue;
using Console.Ingest.Tail;
using Console.Ingest.Transforms;
using Console.Shared.Events;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Pipeline;

/// <summary>
/// The chain every record goes through: parse (the record's named parser) → normalise (schema names, time, daily
/// index) → filter → enrich → route (errors copied to the errors index) → durable queue (and the live tail). Runs on the submitting
/// source's thread; the queue's group commit makes many small submissions cheap.
/// </summary>
public sealed class IngestPipeline : IIngestPipeline
{
    private const string ParseFailureTag = "_grokparsefailure";
    private const string ParseTimeoutTag = "_groktimeout";

    private readonly ParserRegistry _parsers;
    private readonly LogEventNormalizer _normalizer;
    private readonly IReadOnlyList<IEventFilter> _filters;
    private readonly IReadOnlyList<IEventEnricher> _enrichers;
    private readonly ErrorRouter _router;
    private readonly WriteAheadLog _queue;
    private readonly LiveTailFeed _tail;
    private readonly IngestStats _stats;
    private readonly TimeProvider _clock;
    private readonly ILogger<IngestPipeline> _logger;

    public IngestPipeline(
        ParserRegistry parsers,
        LogEventNormalizer normalizer,
        IEnumerable<IEventFilter> filters,
        IEnumerable<IEventEnricher> enrichers,
        ErrorRouter router,
        WriteAheadLog queue,
        LiveTailFeed tail,
        IngestStats stats,
        TimeProvider clock,
        ILogger<IngestPipeline> logger)
    {
        _parsers = parsers;
        _normalizer = normalizer;
        _filters = filters.ToList();
        _enrichers = enrichers.ToList();
        _router = router;
        _queue = queue;
        _tail = tail;
        _stats = stats;
        _clock = clock;
        _logger = logger;
    }

    public ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, BackpressureMode whenFull, CancellationToken cancellationToken) =>
        SubmitAsync(records, whenFull == BackpressureMode.Wait ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, cancellationToken);

    public async ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, TimeSpan maxWaitForRoom, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var events = new List<LogEvent>(records.Count + records.Count / 8);
        var outcomes = new LogEvent?[records.Count];
        var position = 0;
        var dropped = 0;
        var parse = _stats.Stage("parse");
        var filter = _stats.Stage("filter");
        foreach (var record in records)
        {
            var at = position++;
            // Sources count what they receive (they also see what never reaches the pipeline); the pipeline counts the rest.
            var input = _stats.Input(record.Input);
            if (record.Parser is not null)
            {
                Parse(record, input, parse);
            }

            var logEvent = _normalizer.Normalize(record.Fields, record.IndexBase, record.Id);
            if (Dropped(logEvent, filter))
            {
                input.AddDropped(1);
                dropped++;
                continue;
            }

            foreach (var enricher in _enrichers)
            {
                enricher.Enrich(logEvent);
            }

            events.Add(logEvent);
            outcomes[at] = logEvent;
            if (_router.CopyForErrors(logEvent) is { } copy)
            {
                events.Add(copy);
            }
        }

        QueuePosition? end;
        try
        {
            end = await _queue.AppendAsync(events, maxWaitForRoom, cancellationToken);
        }
        catch (QueueWriteException ex)
        {
            // Refused, not lost: the caller tells its sender to retry (HTTP 503) or keeps the records itself.
            foreach (var input in records.Select(r => r.Input).Distinct())
            {
                _stats.Input(input).Reject($"queue write failed: {ex.Reason}", now, records.Count(r => r.Input == input));
            }

            _stats.Stage("queue").Fail($"write failed: {ex.Reason}", now, events.Count);
            throw;
        }

        if (end is null)
        {
            foreach (var input in records.Select(r => r.Input).Distinct())
            {
                _stats.Input(input).Reject("queue full", now, records.Count(r => r.Input == input));
            }

            return SubmitResult.Full;
        }

        // Live-tail viewers see an event once it is durable, not once it is indexed: a busy indexer must not delay the tail.
        _tail.Publish(events);
        _stats.Stage("queue").AddQueued(events.Count);
        foreach (var group in records.GroupBy(r => r.Input))
        {
            _stats.Input(group.Key).AddQueued(group.Count());
        }

        return new SubmitResult(events.Count, dropped, QueueFull: false) { Events = outcomes, End = end.Value };
    }

    private void Parse(IngestRecord record, ComponentCounters input, ComponentCounters stage)
    {
        if (!_parsers.TryGet(record.Parser!, out var parser))
        {
            // The configuration is checked at start, so this is a source naming a parser in code that is not registered.
            _logger.LogError("Source {Input} names parser {Parser}, which is not registered", record.Input, record.Parser);
            Tag(record.Fields, ParseFailureTag);
            input.AddFailed(1);
            stage.AddFailed(1);
            return;
        }

        var outcome = parser.Parse(record.Fields);
        switch (outcome)
        {
            case ParseOutcome.Parsed:
                input.AddParsed(1);
                stage.AddParsed(1);
                break;
            case ParseOutcome.TimedOut:
                Tag(record.Fields, ParseTimeoutTag);
                input.AddFailed(1);
                stage.AddFailed(1);
                break;
            default:
                Tag(record.Fields, ParseFailureTag);
                input.AddFailed(1);
                stage.AddFailed(1);
                break;
        }
    }

    private bool Dropped(LogEvent logEvent, ComponentCounters stage)
    {
        foreach (var filter in _filters)
        {
            if (filter.ShouldDrop(logEvent))
            {
                stage.AddDropped(1);
                _stats.Stage("filter:" + filter.Name).AddDropped(1);
                return true;
            }
        }

        return false;
    }

    private static void Tag(JsonObject fields, string tag)
    {
        if (fields["tags"] is not JsonArray tags)
        {
            tags = [];
            if (fields["tags"] is { } single)
            {
                fields.Remove("tags");
                tags.Add(single);
            }

            fields["tags"] = tags;
        }

        if (!tags.Any(t => t?.GetValueKind() == System.Text.Json.JsonValueKind.String && t.GetValue<string>() == tag))
        {
            tags.Add(tag);
        }
    }
}
