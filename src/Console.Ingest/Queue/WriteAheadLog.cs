using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Console.Shared.Events;
using Console.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Queue;

/// <summary>
/// The durable queue between the pipeline and the indexer. An append completes only once its events are written and
/// fsync'd (one fsync for every append waiting at that moment: group commit). The indexer reads appended batches from
/// <see cref="Reader"/>, takes their events with <see cref="ReadEvents"/> and calls <see cref="CheckpointAsync"/> once they
/// are committed to the store; segments wholly before the checkpoint are deleted. Waiting batches are held in memory up to
/// <see cref="WriteAheadLogOptions.MaxHeldBytes"/>; past that the indexer reads them back from their segment, so a backlog
/// of large events takes disk, not memory. At start, everything after the checkpoint is replayed, stopping at the first torn
/// record of a crash.
/// </summary>
public sealed class WriteAheadLog : IAsyncDisposable
{
    private const string SegmentSuffix = ".wal";
    private const string CheckpointFile = "checkpoint";

    /// <summary>
    /// Test-only and unsafe: with this environment variable set to <see cref="UnsafeAcknowledgeBeforeWriteValue"/>, an
    /// append is acknowledged as soon as it is handed to the writer, before it is on disk, so a crash loses acknowledged
    /// events. It exists only so the fault suite can prove that its checker catches loss (its negative control); it is no
    /// setting (nothing in appsettings can turn it on) and the console logs a critical line at every start while it is on.
    /// </summary>
    public const string UnsafeAcknowledgeBeforeWriteVariable = "CONSOLE_UNSAFE_ACKNOWLEDGE_BEFORE_WRITE";

    public const string UnsafeAcknowledgeBeforeWriteValue = "loses-acknowledged-events";

    private static readonly TimeSpan UnsafeWriteLag = TimeSpan.FromSeconds(2);

    private readonly WriteAheadLogOptions _options;
    private readonly ILogger<WriteAheadLog> _logger;
    private readonly string _directory;
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<QueuedBatch> _ready = Channel.CreateUnbounded<QueuedBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lock _capacityLock = new();
    private readonly Task _writer;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FileStream? _segment;
    private long _segmentNumber;
    private long _segmentLength;
    private long _pending;
    private long _heldBytes;
    private readonly bool _acknowledgeBeforeWrite =
        Environment.GetEnvironmentVariable(UnsafeAcknowledgeBeforeWriteVariable) == UnsafeAcknowledgeBeforeWriteValue;
    private QueueWriteException? _writeFailure;
    private DateTimeOffset _writeFailingSince;
    private long _lastFailureLog;
    private int _failuresSinceLog;

    public WriteAheadLog(IOptions<WriteAheadLogOptions> options, IOptions<StorageOptions> storage, ILogger<WriteAheadLog> logger)
    {
        _options = options.Value;
        _logger = logger;
        _directory = Path.GetFullPath(string.IsNullOrEmpty(_options.Path) ? Path.Combine(storage.Value.DataPath, "ingest", "wal") : _options.Path);
        Directory.CreateDirectory(_directory);
        if (_acknowledgeBeforeWrite)
        {
            _logger.LogCritical("{Variable} is set: the ingest queue acknowledges events before they are on disk and a crash LOSES acknowledged events; this is for the fault suite's negative control only", UnsafeAcknowledgeBeforeWriteVariable);
        }

        var replayed = Replay();
        _segmentNumber = Segments().Select(s => s.Number).DefaultIfEmpty(0).Max() + 1;
        _segment = OpenSegment(_segmentNumber);
        _segmentLength = _segment.Length;
        if (replayed > 0)
        {
            _logger.LogWarning("Replaying {Count} events from the ingest queue that were not committed to the store before the last stop", replayed);
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Batches that are durable, in order, for the indexer.</summary>
    public ChannelReader<QueuedBatch> Reader => _ready.Reader;

    /// <summary>Events appended (or replayed) and not yet checkpointed.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public long Capacity => _options.MaxPendingEvents;

    /// <summary>Record bytes of the waiting batches held in memory for the indexer (the others are read back from disk).</summary>
    public long HeldBytes => Interlocked.Read(ref _heldBytes);

    public long MaxHeldBytes => _options.MaxHeldBytes;

    /// <summary>Segments found at start ending in a torn or corrupt record, which were cut off there.</summary>
    public int TruncatedTails { get; private set; }

    /// <summary>Bytes cut off those segments: the torn record and everything after it.</summary>
    public long TruncatedBytes { get; private set; }

    /// <summary>Since when, and why, appends are refused (a full disk); null once a write succeeds again.</summary>
    public (DateTimeOffset Since, string Reason)? WriteFailure => Volatile.Read(ref _writeFailure) is { } failure ? (_writeFailingSince, failure.Reason) : null;

    /// <summary>
    /// Appends <paramref name="events"/> and completes once they are on disk, with the log position after them. Returns
    /// null without appending when the queue is full and <paramref name="waitForRoom"/> is false.
    /// </summary>
    public ValueTask<QueuePosition?> AppendAsync(IReadOnlyList<LogEvent> events, bool waitForRoom, CancellationToken cancellationToken) =>
        AppendAsync(events, waitForRoom ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Appends <paramref name="events"/> once the queue has room for them, waiting at most <paramref name="maxWaitForRoom"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: as long as it takes), and completes once they are on disk. Returns null,
    /// having appended nothing, when no room came in time.
    /// </summary>
    public async ValueTask<QueuePosition?> AppendAsync(IReadOnlyList<LogEvent> events, TimeSpan maxWaitForRoom, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return new QueuePosition(0, 0);
        }

        var waitStarted = Stopwatch.GetTimestamp();
        while (!TryReserve(events.Count, out var room))
        {
            if (maxWaitForRoom == Timeout.InfiniteTimeSpan)
            {
                await room.WaitAsync(cancellationToken);
                continue;
            }

            // Only the wait for room is bounded: once reserved, the events are written and the caller is told so.
            var left = maxWaitForRoom - Stopwatch.GetElapsedTime(waitStarted);
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await room.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }

        var append = new PendingAppend(events);
        try
        {
            await _appends.Writer.WriteAsync(append, cancellationToken);
        }
        catch
        {
            Release(events.Count);
            throw;
        }

        if (_acknowledgeBeforeWrite)
        {
            // The deliberate defect of the negative control: the caller is told "durable" while the write is still queued.
            return new QueuePosition(_segmentNumber, 0);
        }

        return await append.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Records that everything before <paramref name="position"/> is committed to the store; frees room and old segments.</summary>
    public async Task CheckpointAsync(QueuePosition position, int eventCount, CancellationToken cancellationToken)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, position.Segment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), position.Offset);
        var temp = Path.Combine(_directory, CheckpointFile + ".tmp");
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await file.WriteAsync(bytes, cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(_directory, CheckpointFile), overwrite: true);
        foreach (var (number, path) in Segments())
        {
            if (number < position.Segment)
            {
                File.Delete(path);
            }
        }

        Release(eventCount);
    }

    /// <summary>
    /// The events of <paramref name="batch"/>: those it holds in memory the first time (their bytes leave
    /// <see cref="HeldBytes"/>), else read back from its segment, which is on disk until a checkpoint passes the batch.
    /// </summary>
    /// <exception cref="IOException">The segment could not be read.</exception>
    public IReadOnlyList<QueuedEvent> ReadEvents(QueuedBatch batch)
    {
        if (batch.TakeHeld() is { } held)
        {
            Interlocked.Add(ref _heldBytes, -batch.Bytes);
            return held;
        }

        var data = new byte[batch.Bytes];
        using (var file = new FileStream(SegmentPath(batch.Start.Segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0))
        {
            var read = 0;
            while (read < data.Length)
            {
                var n = RandomAccess.Read(file.SafeFileHandle, data.AsSpan(read), batch.Start.Offset + read);
                read += n > 0 ? n : throw new IOException($"ingest queue segment {batch.Start.Segment} ends before byte {batch.End.Offset}");
            }
        }

        var events = new List<QueuedEvent>(batch.Count);
        var offset = 0;
        while (QueueRecordCodec.TryRead(data.AsSpan(offset), batch.Replayed, out var queued, out var consumed, events.Count > 0 ? events[^1].Index : null))
        {
            events.Add(queued!);
            offset += consumed;
        }

        // Durable, checksummed records that no longer read back whole: never index part of a batch as if it were all.
        return offset == data.Length && events.Count == batch.Count
            ? events
            : throw new IOException($"ingest queue segment {batch.Start.Segment} from byte {batch.Start.Offset}: {events.Count} of {batch.Count} records read back");
    }

    /// <summary>A batch for the indexer, holding its events while the queue's memory for them allows.</summary>
    private QueuedBatch Batch(List<QueuedEvent> events, QueuePosition start, QueuePosition end, bool replayed)
    {
        var bytes = end.Offset - start.Offset;
        if (Interlocked.Read(ref _heldBytes) + bytes > _options.MaxHeldBytes)
        {
            return new QueuedBatch(start, end, events.Count, replayed, held: null);
        }

        Interlocked.Add(ref _heldBytes, bytes);
        return new QueuedBatch(start, end, events.Count, replayed, events);
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writer;
        if (_segment is not null)
        {
            await _segment.DisposeAsync();
        }

        _ready.Writer.TryComplete();
    }

    private bool TryReserve(int count, out Task room)
    {
        lock (_capacityLock)
        {
            // A batch larger than the whole queue is let in when the queue is empty, or it could never enter.
            if (_pending == 0 || _pending + count <= _options.MaxPendingEvents)
            {
                _pending += count;
                room = Task.CompletedTask;
                return true;
            }

            room = _room.Task;
            return false;
        }
    }

    private void Release(int count)
    {
        TaskCompletionSource released;
        lock (_capacityLock)
        {
            _pending = Math.Max(0, _pending - count);
            released = _room;
            _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var scratch = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(scratch);
        var group = new List<PendingAppend>();
        while (await _appends.Reader.WaitToReadAsync())
        {
            if (_acknowledgeBeforeWrite)
            {
                // The negative control's writer also lags, so acknowledged events are always unwritten for a while and
                // a kill at any moment of a load loses some (a prompt writer left that to luck: CI saw four kills lose none).
                await Task.Delay(UnsafeWriteLag);
            }

            group.Clear();
            while (group.Count < 256 && _appends.Reader.TryRead(out var append))
            {
                group.Add(append);
            }

            try
            {
                buffer.ResetWrittenCount();
                // What the indexer gets: the events as written, not the parsed ones the appenders hold (see QueuedEvent).
                var written = new List<QueuedEvent>(group.Sum(a => a.Events.Count));
                foreach (var append in group)
                {
                    foreach (var logEvent in append.Events)
                    {
                        try
                        {
                            written.Add(QueueRecordCodec.Write(logEvent, writer, scratch, buffer));
                        }
                        catch (ArgumentException) when (LoneSurrogates.Repair(logEvent.Source))
                        {
                            // "\ud800" in a sender's JSON: no UTF-8 writer can write half a surrogate pair.
                            _logger.LogWarning("Event {Id} had lone UTF-16 surrogates; they were replaced with U+FFFD", logEvent.Id);
                            written.Add(QueueRecordCodec.Write(logEvent, writer, scratch, buffer));
                        }
                    }
                }

                var segment = _segment ?? ReopenSegment();
                var start = new QueuePosition(_segmentNumber, segment.Position);
                await segment.WriteAsync(buffer.WrittenMemory);
                segment.Flush(flushToDisk: true);
                _segmentLength = segment.Position;
                Volatile.Write(ref _writeFailure, null);
                var end = new QueuePosition(_segmentNumber, segment.Position);
                _ready.Writer.TryWrite(Batch(written, start, end, replayed: false));
                foreach (var append in group)
                {
                    append.Done.TrySetResult(end);
                }
            }
            catch (Exception ex) when (ex is not (IOException or UnauthorizedAccessException))
            {
                // An event that cannot be encoded: refuse its group, never end this loop (every later append would hang).
                _logger.LogError(ex, "Encoding events for the ingest queue failed; {Count} appends are refused", group.Count);
                foreach (var append in group)
                {
                    Release(append.Events.Count);
                    append.Done.TrySetException(ex);
                }

                continue;
            }
            catch (Exception ex)
            {
                LogWriteFailure(ex, group.Sum(a => a.Events.Count));
                DiscardFailedWrite();
                var refused = new QueueWriteException(ex.Message, ex);
                if (_writeFailure is null)
                {
                    _writeFailingSince = DateTimeOffset.UtcNow;
                }

                Volatile.Write(ref _writeFailure, refused);
                foreach (var append in group)
                {
                    Release(append.Events.Count);
                    append.Done.TrySetException(refused);
                }

                continue;
            }

            if (_segment is { } full && full.Position >= _options.SegmentBytes)
            {
                _segment = null;
                _segmentNumber++;
                _segmentLength = 0;
                try
                {
                    await full.DisposeAsync();
                    _segment = OpenSegment(_segmentNumber);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The next write opens it (ReopenSegment) or is refused with the reason.
                    _logger.LogError(ex, "Starting ingest queue segment {Segment} failed", _segmentNumber);
                }
            }
        }
    }

    /// <summary>
    /// Cuts the segment back to its last complete write: a write the disk refused part way leaves the start of the refused
    /// events behind, which a replay would otherwise index although they were refused, or stop at, losing what follows.
    /// </summary>
    private void DiscardFailedWrite()
    {
        var segment = _segment;
        _segment = null;
        try
        {
            segment?.Dispose(); // unbuffered: nothing is left to flush
        }
        catch (IOException)
        {
        }

        try
        {
            using var file = new FileStream(SegmentPath(_segmentNumber), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
            if (file.Length > _segmentLength)
            {
                file.SetLength(_segmentLength);
                file.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Cutting ingest queue segment {Segment} back to {Length} bytes failed; the next write tries again", _segmentNumber, _segmentLength);
        }
    }

    /// <summary>Opens the current segment again after a failed write, cut back to its last complete write first.</summary>
    private FileStream ReopenSegment()
    {
        using (var file = new FileStream(SegmentPath(_segmentNumber), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read))
        {
            if (file.Length > _segmentLength)
            {
                file.SetLength(_segmentLength);
            }
        }

        return _segment = OpenSegment(_segmentNumber);
    }

    /// <summary>Logs a refused write with its reason, at most once per 10 s with the count since: a full disk refuses every append.</summary>
    private void LogWriteFailure(Exception ex, int events)
    {
        _failuresSinceLog++;
        var now = Environment.TickCount64;
        if (_lastFailureLog != 0 && now - _lastFailureLog < 10_000)
        {
            return;
        }

        _logger.LogError(ex, "Writing the ingest queue failed ({Reason}); {Events} events refused, {Failures} refused writes since the last report",
            ex.Message, events, _failuresSinceLog);
        _lastFailureLog = now;
        _failuresSinceLog = 0;
    }

    private long Replay()
    {
        var checkpoint = ReadCheckpoint();
        long replayed = 0;
        foreach (var (number, path) in Segments())
        {
            if (number < checkpoint.Segment)
            {
                File.Delete(path);
                continue;
            }

            var data = File.ReadAllBytes(path);
            var offset = number == checkpoint.Segment ? (int)Math.Min(checkpoint.Offset, data.Length) : 0;
            var batch = new List<QueuedEvent>();
            var batchStart = offset;
            while (QueueRecordCodec.TryRead(data.AsSpan(offset), replayed: true, out var queued, out var consumed, batch.Count > 0 ? batch[^1].Index : null))
            {
                batch.Add(queued!);
                offset += consumed;
                if (batch.Count == 5000)
                {
                    Publish(batch, new QueuePosition(number, batchStart), new QueuePosition(number, offset));
                    replayed += batch.Count;
                    batch = [];
                    batchStart = offset;
                }
            }

            if (batch.Count > 0)
            {
                Publish(batch, new QueuePosition(number, batchStart), new QueuePosition(number, offset));
                replayed += batch.Count;
            }

            if (offset < data.Length)
            {
                // A record torn by a crash: nothing after it was acknowledged, so it is cut off.
                _logger.LogWarning("Ingest queue segment {Segment} ends in a torn or corrupt record at byte {Offset}; truncating {Bytes} bytes", number, offset, data.Length - offset);
                TruncatedTails++;
                TruncatedBytes += data.Length - offset;
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
                file.SetLength(offset);
            }
        }

        return replayed;

        void Publish(List<QueuedEvent> events, QueuePosition start, QueuePosition end)
        {
            Interlocked.Add(ref _pending, events.Count);
            _ready.Writer.TryWrite(Batch(events, start, end, replayed: true));
        }
    }

    private QueuePosition ReadCheckpoint()
    {
        var path = Path.Combine(_directory, CheckpointFile);
        if (!File.Exists(path))
        {
            return new QueuePosition(0, 0);
        }

        var bytes = File.ReadAllBytes(path);
        return bytes.Length == 16
            ? new QueuePosition(BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)))
            : new QueuePosition(0, 0);
    }

    private List<(long Number, string Path)> Segments() =>
        Directory.EnumerateFiles(_directory, "*" + SegmentSuffix)
            .Select(p => (Ok: long.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out var n), Number: n, Path: p))
            .Where(s => s.Ok)
            .Select(s => (s.Number, s.Path))
            .OrderBy(s => s.Number)
            .ToList();

    private string SegmentPath(long number) => Path.Combine(_directory, number.ToString("D12", CultureInfo.InvariantCulture) + SegmentSuffix);

    // Unbuffered: each group is written whole in one call, and a failed write must leave nothing behind to flush later.
    private FileStream OpenSegment(long number) =>
        new(SegmentPath(number), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);

    private sealed class PendingAppend(IReadOnlyList<LogEvent> events)
    {
        public IReadOnlyList<LogEvent> Events { get; } = events;

        public TaskCompletionSource<QueuePosition> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
