namespace Console.Ingest.Pipeline;

/// <summary>
/// The way into the pipeline for every source: records are parsed, filtered, enriched and appended to the durable
/// queue; the returned task completes only once the resulting events are on disk, so a source may acknowledge then.
/// </summary>
public interface IIngestPipeline
{
    /// <param name="records">What the source received, in order.</param>
    /// <param name="whenFull">What to do when the queue is full: wait for room (TCP, files) or refuse at once (HTTP answers 429).</param>
    ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, BackpressureMode whenFull, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="BackpressureMode.Wait"/>, but waits for room at most <paramref name="maxWaitForRoom"/>; then the
    /// result is <see cref="SubmitResult.Full"/> and nothing of <paramref name="records"/> was taken. For an HTTP request
    /// whose body is queued in parts: its sender is answered within a bound.
    /// </summary>
    ValueTask<SubmitResult> SubmitAsync(IReadOnlyList<IngestRecord> records, TimeSpan maxWaitForRoom, CancellationToken cancellationToken);
}
