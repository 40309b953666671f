using Console.Ingest.Pipeline;
using Console.Ingest.Queue;

namespace Console.Web.Apis;

/// <summary>
/// The events of one HTTP request body, handed to the pipeline in parts as they are decoded. Only the first part is
/// refused at once when the queue is full (a 429 then means "nothing was taken, send it all again"); once part of a body
/// is taken the rest waits for room, at most <see cref="WriteAheadLogOptions.MaxRequestWait"/>, and a 429 then says how
/// much was taken, so the sender resends only the rest.
/// </summary>
internal sealed class RequestBodySubmission(IIngestPipeline pipeline, TimeSpan maxWait, CancellationToken cancellationToken)
{
    private bool _first = true;

    /// <summary>The queue stayed full: nothing more of the body is taken.</summary>
    public bool QueueFull { get; private set; }

    /// <summary>Events of the body in the durable queue so far.</summary>
    public long Taken { get; private set; }

    /// <summary>Where the last event taken ends in the queue (what a <c>refresh=wait_for</c> waits for).</summary>
    public QueuePosition End { get; private set; }

    public async Task SubmitAsync(List<IngestRecord> records)
    {
        var result = _first
            ? await pipeline.SubmitAsync(records, BackpressureMode.Reject, cancellationToken)
            : await pipeline.SubmitAsync(records, maxWait, cancellationToken);
        _first = false;
        QueueFull = result.QueueFull;
        Taken += QueueFull ? 0 : records.Count;
        End = result.End > End ? result.End : End;
    }

    /// <summary>Why the request got 429 for a full queue: nothing taken, or how many of its first events were taken before the queue stayed full.</summary>
    public string QueueFullReason() => Taken == 0
        ? "the ingest queue is full; retry later"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the ingest queue stayed full for {maxWait.TotalSeconds:0.#} s ({WriteAheadLogOptions.Section}:{nameof(WriteAheadLogOptions.MaxRequestWait)}); the first {Taken} events of this request were accepted, the rest were not; retry the rest later");

    /// <summary>Why the request got 503: the queue could not write, after the first <see cref="Taken"/> events were taken.</summary>
    public string PartlyTakenWriteFailureReason(QueueWriteException failure) =>
        $"{failure.Message}; the first {Taken} events of this request were accepted before the failure, the rest were not; retry the rest later";
}
