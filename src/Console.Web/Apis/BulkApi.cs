using Console.Web.Auth;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Console.Ingest.Decoding;
using Console.Ingest.Indexing;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Shared.Events;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Console.Web.Apis;

/// <summary>
/// Elasticsearch's <c>_bulk</c> API (<c>POST /_bulk</c>, <c>POST /{index}/_bulk</c>) with Elasticsearch-shaped per-item
/// results, so Filebeat, Fluent Bit, Vector and Serilog's Elasticsearch sinks can ship here unchanged. <c>index</c> and
/// <c>create</c> are taken through the ingest pipeline; <c>delete</c> and <c>update</c> are refused per item (logs are
/// append-only). Plus the <c>GET /</c> answer those clients check before they send.
/// </summary>
public static class BulkApi
{
    public const string Input = "http-bulk";
    private const long MaxBodyBytes = 100L * 1024 * 1024; // Elasticsearch's http.max_content_length

    public static IEndpointRouteBuilder MapBulkApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_bulk", (HttpContext context, IIngestPipeline pipeline, QueueIndexer indexer, IngestStats stats, TimeProvider clock, string? refresh, CancellationToken cancellationToken) =>
            BulkAsync(context, null, pipeline, indexer, stats, clock, refresh, cancellationToken)).WithTags("Ingest").RequireIngest().RequireIngestRateLimit(Input);
        app.MapPost("/{index}/_bulk", (HttpContext context, string index, IIngestPipeline pipeline, QueueIndexer indexer, IngestStats stats, TimeProvider clock, string? refresh, CancellationToken cancellationToken) =>
            BulkAsync(context, index, pipeline, indexer, stats, clock, refresh, cancellationToken)).WithTags("Ingest").RequireIngest().RequireIngestRateLimit(Input);
        return app;
    }

    public static async Task<Results<Ok<BulkResponse>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> BulkAsync(
        HttpContext context, string? defaultIndex, IIngestPipeline pipeline, QueueIndexer indexer, IngestStats stats, TimeProvider clock,
        string? refresh, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (defaultIndex is not null && IndexNames.Validate(defaultIndex) is { } indexError)
        {
            return TypedResults.BadRequest(new ApiError(indexError));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, cancellationToken);
        var lines = SplitLines(body.GetBuffer().AsMemory(0, (int)body.Length));

        var counters = stats.Input(Input);
        var items = new List<(string Action, BulkItemResult? Result, int Record)>();
        var records = new List<IngestRecord>();
        for (var i = 0; i < lines.Count; i++)
        {
            var action = NdjsonDecoder.ParseLine(lines[i].Span, out var reason);
            if (action is null || action.Count != 1 || action.First().Value is not JsonObject meta)
            {
                // Without a readable action the pairing of the following lines is lost: Elasticsearch refuses the request too.
                return TypedResults.BadRequest(new ApiError($"line {i + 1}: malformed action/metadata line: {reason ?? "expected {\"index\": {...}}"}"));
            }

            var verb = action.First().Key;
            var index = meta["_index"]?.GetValue<string>() ?? defaultIndex;
            var id = meta["_id"]?.GetValue<string>();
            switch (verb)
            {
                case "index" or "create":
                    if (i + 1 >= lines.Count)
                    {
                        return TypedResults.BadRequest(new ApiError($"line {i + 1}: the {verb} action has no document line after it"));
                    }

                    var source = NdjsonDecoder.ParseLine(lines[++i].Span, out var sourceError);
                    var invalidIndex = index is null ? "no index given in the URL or in _index" : IndexNames.Validate(index);
                    if (source is null || invalidIndex is not null)
                    {
                        var error = invalidIndex is not null
                            ? new BulkError("invalid_index_name_exception", invalidIndex)
                            : new BulkError("document_parsing_exception", sourceError!);
                        counters.Reject($"bulk item {items.Count}: {error.Reason}", clock.GetUtcNow());
                        items.Add((verb, new BulkItemResult(index, id, 400, null, null, null, error), -1));
                        break;
                    }

                    items.Add((verb, null, records.Count));
                    records.Add(new IngestRecord { Input = Input, Fields = source, IndexBase = index!, Id = id });
                    break;
                case "update":
                    i++; // the partial document or script that follows
                    items.Add((verb, new BulkItemResult(index, id, 400, null, null, null, new BulkError("illegal_argument_exception", "update is not supported: log indices are append-only")), -1));
                    break;
                case "delete":
                    items.Add((verb, new BulkItemResult(index, id, 400, null, null, null, new BulkError("illegal_argument_exception", "delete is not supported: log indices are append-only; delete whole indices instead")), -1));
                    break;
                default:
                    return TypedResults.BadRequest(new ApiError($"line {i + 1}: unknown bulk action '{verb}'"));
            }
        }

        counters.AddReceived(items.Count, clock.GetUtcNow());
        var result = records.Count == 0 ? new SubmitResult(0, 0, false) : await pipeline.SubmitAsync(records, BackpressureMode.Reject, cancellationToken);
        if (result.QueueFull)
        {
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Json(new ApiError("es_rejected_execution_exception: the ingest queue is full; retry later"), statusCode: StatusCodes.Status429TooManyRequests);
        }

        if (refresh is "wait_for" or "true")
        {
            // A store failing during the wait ends it at once (the indexer says why, in the log and /api/health); the items
            // are answered as accepted, as Elasticsearch answers a waiting write whose shard failed on a refresh.
            await indexer.WaitForSearchableAsync(result.End, cancellationToken);
        }

        var shards = new BulkShards(1, 1, 0);
        var answers = items.Select(item =>
        {
            if (item.Result is not null)
            {
                return (IReadOnlyDictionary<string, BulkItemResult>)new Dictionary<string, BulkItemResult> { [item.Action] = item.Result };
            }

            var logEvent = result.Events[item.Record];
            var record = records[item.Record];
            // A record dropped by a filter was accepted on purpose: Elasticsearch's answer for a pipeline drop is "noop".
            var answer = logEvent is null
                ? new BulkItemResult(record.IndexBase, record.Id, 200, "noop", null, shards, null)
                : new BulkItemResult(logEvent.Index, logEvent.Id, 201, "created", 1, shards, null);
            return new Dictionary<string, BulkItemResult> { [item.Action] = answer };
        }).ToList();

        var took = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return TypedResults.Ok(new BulkResponse(took, answers.Any(a => a.Values.First().Status >= 300), answers));
    }

    private static List<ReadOnlyMemory<byte>> SplitLines(ReadOnlyMemory<byte> body)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        var span = body.Span;
        var start = 0;
        while (start < span.Length)
        {
            var end = span[start..].IndexOf((byte)'\n');
            var length = end < 0 ? span.Length - start : end;
            var line = body.Slice(start, length);
            if (!line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                lines.Add(line);
            }

            start += length + 1;
        }

        return lines;
    }
}
