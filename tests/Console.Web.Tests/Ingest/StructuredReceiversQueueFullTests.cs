using System.Text;
using Console.Ingest.Decoding;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Ingest.Sources.Clef;
using Console.Ingest.Sources.Otlp;
using Console.Web.Apis;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Ingest;

/// <summary>A full queue: the OTLP and CLEF routes take nothing and answer 429 with Retry-After, which their clients retry.</summary>
public class StructuredReceiversQueueFullTests
{
    private readonly IngestStats _stats = new();

    [Fact]
    public async Task Otlp_answers_429_with_retry_after_and_a_status_when_the_queue_is_full()
    {
        var context = Request("application/x-protobuf", Protobuf.LogsRequest("svc", "hello", 9, DateTimeOffset.UtcNow));
        var decoder = new OtlpLogsDecoder(Options.Create(new OtlpReceiverOptions()));

        var result = await OtlpApi.ExportAsync(context, decoder, Options.Create(new OtlpReceiverOptions()), new FullPipeline(), _stats, TimeProvider.System, default);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("application/x-protobuf", context.Response.ContentType);
        Assert.Equal(1, _stats.Input(OtlpApi.Input).Received);
    }

    [Fact]
    public async Task Clef_answers_429_with_retry_after_when_the_queue_is_full()
    {
        var context = Request("application/vnd.serilog.clef", Encoding.UTF8.GetBytes("""{"@t":"2026-11-23T10:00:00Z","@m":"hello"}""" + "\n"));
        var clef = Options.Create(new ClefReceiverOptions());

        var result = await SeqIngestionApi.IngestAsync(context, new NdjsonDecoder(Options.Create(new NdjsonDecoderOptions())), clef,
            new ConfiguredSeqApiKeyValidator(clef), new FullPipeline(), _stats, Options.Create(new WriteAheadLogOptions()), TimeProvider.System, default);

        Assert.Equal(StatusCodes.Status429TooManyRequests, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Clef_body_queued_in_parts_whose_later_part_the_disk_refuses_says_how_many_first_events_were_taken()
    {
        var lines = string.Concat(Enumerable.Range(0, (2 * SeqIngestionApi.SubmitBatchSize) + 10).Select(i => $$"""{"@t":"2026-11-23T10:00:00Z","@m":"event {{i}}"}""" + "\n"));
        var context = Request("application/vnd.serilog.clef", Encoding.UTF8.GetBytes(lines));
        var clef = Options.Create(new ClefReceiverOptions());

        var result = await SeqIngestionApi.IngestAsync(context, new NdjsonDecoder(Options.Create(new NdjsonDecoderOptions { BatchSize = 500 })), clef,
            new ConfiguredSeqApiKeyValidator(clef), new FailingAfterFirstPipeline(), _stats, Options.Create(new WriteAheadLogOptions()), TimeProvider.System, default);

        var answer = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Dictionary<string, object?>>>(result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        var error = Assert.IsType<string>(answer.Value!["Error"]);
        // The first submission: SubmitBatchSize events or a little more (it is cut where a decoder batch crosses the size).
        Assert.Matches("the first 2[0-4][0-9]{2} events of this request were accepted before the failure, the rest were not; retry the rest later", error);
    }

    private static DefaultHttpContext Request(string contentType, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed class FullPipeline : IIngestPipeline
    {
        public ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, BackpressureMode whenFull, CancellationToken cancellationToken) =>
            ValueTask.FromResult(whenFull == BackpressureMode.Reject ? SubmitResult.Full : throw new InvalidOperationException("HTTP receivers must not wait for room"));

        public ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, TimeSpan maxWaitForRoom, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the first part of a request must be refused at once, not waited for");
    }

    /// <summary>Takes the first submission whole, then fails as a queue on a full disk does.</summary>
    private sealed class FailingAfterFirstPipeline : IIngestPipeline
    {
        private int _submissions;

        public ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, BackpressureMode whenFull, CancellationToken cancellationToken) =>
            Submit(records);

        public ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, TimeSpan maxWaitForRoom, CancellationToken cancellationToken) =>
            Submit(records);

        private ValueTask<SubmitResult> Submit(IReadOnlyList<IngestRecord> records) => ++_submissions == 1
            ? ValueTask.FromResult(new SubmitResult(records.Count, 0, QueueFull: false))
            : throw new QueueWriteException("No space left on device (simulated)", new IOException("ENOSPC"));
    }
}
