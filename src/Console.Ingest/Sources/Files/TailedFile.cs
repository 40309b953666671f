using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Multiline;
using Console.Shared.Events;
using Microsoft.Win32.SafeHandles;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// One open file being followed (a Filebeat harvester): reads from the open handle, so a renamed file is read to its
/// end; splits lines, decodes Docker lines, groups multi-line events and turns them into records. Tracks two offsets:
/// <see cref="ReadOffset"/> (bytes taken in) and <see cref="CommittedOffset"/> (bytes whose events the pipeline
/// accepted); <see cref="CommittableOffset"/> is how far the registry may move once the events read so far are accepted.
/// </summary>
internal sealed class TailedFile : IDisposable
{
    /// <summary>How many leading bytes identify the content, to notice a truncated or replaced file.</summary>
    public const int HeadBytes = 1024;

    private const int KeepLineBuffer = 64 * 1024;

    private readonly int _maxLineBytes;
    private readonly string? _containerId;
    private readonly Dictionary<string, FileStreamChannel> _channels = new(StringComparer.Ordinal);
    private byte[] _line = [];
    private int _lineLength;
    private long _lineStart;
    private bool _skipping;
    private byte[] _head = [];
    private string? _headHash;

    // The file's first bytes as this tailer read them (up to HeadBytes): the head is taken from here, not read from the
    // file again at commit, when a copytruncate may already have replaced them with new lines.
    private readonly byte[] _readHead = new byte[HeadBytes];
    private int _readHeadLength;

    public TailedFile(FileInput input, FileIdentity identity, string path, SafeFileHandle handle, long offset, long since, int maxLineBytes, DateTimeOffset now)
    {
        Input = input;
        Identity = identity;
        Path = path;
        Handle = handle;
        Since = since;
        _maxLineBytes = maxLineBytes;
        _containerId = input.IsDockerJson ? DockerJsonLine.ContainerIdFromPath(path) : null;
        CommittedOffset = ReadOffset = _lineStart = offset;
        LastChange = now;
        RefreshHead();
    }

    public FileInput Input { get; }

    public FileIdentity Identity { get; }

    /// <summary>Where the file was last seen; a file renamed out of the globs keeps the name it was read under.</summary>
    public string Path { get; set; }

    public SafeFileHandle Handle { get; }

    /// <summary>When reading of this content began (Unix ms), part of every event id.</summary>
    public long Since { get; private set; }

    public long ReadOffset { get; private set; }

    public long CommittedOffset { get; private set; }

    /// <summary>False once the globs no longer match the file (rotated away or deleted).</summary>
    public bool InGlob { get; set; } = true;

    /// <summary>When bytes were last read; a rotated file is closed after <see cref="FileTailOptions.CloseInactive"/> of quiet.</summary>
    public DateTimeOffset LastChange { get; private set; }

    public int HeadLength => _head.Length;

    public string? HeadHash => _head.Length == 0 ? null : _headHash ??= HashHead(_head);

    /// <summary>The end of the last line that is in an emitted event (or was rejected); pending events and a partial line hold it back.</summary>
    public long CommittableOffset
    {
        get
        {
            var offset = _lineStart;
            foreach (var channel in _channels.Values)
            {
                if (channel.PendingStart is long pending && pending < offset)
                {
                    offset = pending;
                }
            }

            return offset;
        }
    }

    /// <summary>The earliest multi-line timeout among pending events.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? earliest = null;
            foreach (var channel in _channels.Values)
            {
                if (channel.Multiline?.Deadline is { } deadline && (earliest is null || deadline < earliest))
                {
                    earliest = deadline;
                }
            }

            return earliest;
        }
    }

    public long Length() => RandomAccess.GetLength(Handle);

    public bool IsDeleted() => FileIdentity.IsDeleted(Handle, Path);

    /// <summary>
    /// True when the content behind the offsets is gone: the file is shorter than what was read (copytruncate), or it
    /// grew but its first bytes changed (truncated and refilled past the old offset between two looks).
    /// </summary>
    public bool WasTruncated(long length)
    {
        if (length < ReadOffset)
        {
            return true;
        }

        if (length == ReadOffset || _head.Length == 0)
        {
            return false;
        }

        var current = ReadHead(Handle, _head.Length);
        return current is null || !current.AsSpan().SequenceEqual(_head);
    }

    /// <summary>Starts over at offset 0 with new event ids, after a truncation; pending state must have been flushed.</summary>
    public void Restart(long since)
    {
        Since = since;
        CommittedOffset = ReadOffset = _lineStart = 0;
        _lineLength = 0;
        _skipping = false;
        _channels.Clear();
        _head = [];
        _headHash = null;
        _readHeadLength = 0;
    }

    /// <summary>
    /// Reads what the file holds up to <paramref name="length"/>, adding records to <paramref name="batch"/> until it
    /// is full. Returns true when it stopped because the batch is full.
    /// </summary>
    public bool Read(long length, byte[] scratch, RecordBatch batch, DateTimeOffset now)
    {
        while (ReadOffset < length)
        {
            if (batch.IsFull)
            {
                return true;
            }

            var want = (int)Math.Min(scratch.Length, length - ReadOffset);
            var read = RandomAccess.Read(Handle, scratch.AsSpan(0, want), ReadOffset);
            if (read <= 0)
            {
                break;
            }

            LastChange = now;
            var consumed = Consume(scratch.AsSpan(0, read), batch, now);
            KeepReadHead(scratch.AsSpan(0, consumed));
            ReadOffset += consumed;
            if (consumed < read)
            {
                return true; // the rest of the chunk is read again next time; cheaper than keeping it per file
            }
        }

        return false;
    }

    /// <summary>Sends pending multi-line events whose timeout has passed.</summary>
    public void FlushExpired(RecordBatch batch, DateTimeOffset now)
    {
        foreach (var channel in _channels.Values)
        {
            if (channel.Multiline?.FlushIfExpired(now) is { } expired)
            {
                Emit(expired, batch);
            }
        }
    }

    /// <summary>
    /// The file will not be written again (deleted, rotated away, truncated): a trailing line without newline, split
    /// Docker lines and pending multi-line events are sent as they are.
    /// </summary>
    public void FlushAll(RecordBatch batch, DateTimeOffset now)
    {
        if (_lineLength > 0 || _skipping)
        {
            CompleteLine([], ReadOffset, batch, now);
        }

        foreach (var (stream, channel) in _channels)
        {
            if (channel.PartialStart is long start && !channel.SkippingPartial)
            {
                var text = channel.Partial.ToString();
                var time = channel.PartialTime;
                channel.ClearPartial();
                Route(channel, new FileEvent(start, ReadOffset, text, stream.Length == 0 ? null : stream, time), batch, now);
            }

            channel.ClearPartial();
            if (channel.Multiline?.Flush() is { } pending)
            {
                Emit(pending, batch);
            }
        }
    }

    /// <summary>Records that the pipeline accepted everything before <paramref name="offset"/>.</summary>
    public void Commit(long offset)
    {
        CommittedOffset = offset;
        RefreshHead();
    }

    /// <summary>The first <paramref name="length"/> bytes of a file, or null when they cannot all be read.</summary>
    public static byte[]? ReadHead(SafeFileHandle handle, int length)
    {
        var head = new byte[length];
        var total = 0;
        try
        {
            while (total < length)
            {
                var read = RandomAccess.Read(handle, head.AsSpan(total), total);
                if (read <= 0)
                {
                    return null;
                }

                total += read;
            }
        }
        catch (IOException)
        {
            return null;
        }

        return head;
    }

    public static string HashHead(ReadOnlySpan<byte> head) => Convert.ToHexStringLower(SHA256.HashData(head));

    public void Dispose() => Handle.Dispose();

    // The head covers committed bytes only: those were complete lines and will not change unless the file is replaced.
    // Taken from what was read where this tailer read them; read from the file only when it started past them (an offset
    // from the registry, whose content was checked when the file was opened).
    private void RefreshHead()
    {
        var wanted = (int)Math.Min(CommittedOffset, HeadBytes);
        if (wanted <= _head.Length)
        {
            return;
        }

        var head = _readHeadLength >= wanted ? _readHead.AsSpan(0, wanted).ToArray() : ReadHead(Handle, wanted);
        if (head is not null)
        {
            _head = head;
            _headHash = null;
        }
    }

    /// <summary>Keeps the bytes of <paramref name="consumed"/> (read at <see cref="ReadOffset"/>) that fall in the file's head.</summary>
    private void KeepReadHead(ReadOnlySpan<byte> consumed)
    {
        if (ReadOffset >= HeadBytes || ReadOffset != _readHeadLength)
        {
            return; // past the head, or started past its start (then the head comes from the file)
        }

        var take = (int)Math.Min(consumed.Length, HeadBytes - ReadOffset);
        consumed[..take].CopyTo(_readHead.AsSpan(_readHeadLength));
        _readHeadLength += take;
    }

    private int Consume(ReadOnlySpan<byte> chunk, RecordBatch batch, DateTimeOffset now)
    {
        var position = 0;
        while (position < chunk.Length)
        {
            if (batch.IsFull)
            {
                return position;
            }

            var rest = chunk[position..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                AppendPartial(rest, now);
                return chunk.Length;
            }

            CompleteLine(rest[..newline], ReadOffset + position + newline + 1, batch, now);
            position += newline + 1;
        }

        return position;
    }

    // A line without its newline yet is kept, not consumed: the writer may be in the middle of it.
    private void AppendPartial(ReadOnlySpan<byte> bytes, DateTimeOffset now)
    {
        if (_skipping)
        {
            return;
        }

        if (_lineLength + bytes.Length > _maxLineBytes)
        {
            RejectOversize(_lineStart, now);
            _skipping = true;
            ReleaseLine();
            return;
        }

        EnsureLineCapacity(_lineLength + bytes.Length);
        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += bytes.Length;
    }

    private void CompleteLine(ReadOnlySpan<byte> tail, long end, RecordBatch batch, DateTimeOffset now)
    {
        var start = _lineStart;
        _lineStart = end;
        if (_skipping)
        {
            _skipping = false; // the oversize line ends here; the next line is a line of its own
            return;
        }

        if (_lineLength + tail.Length > _maxLineBytes)
        {
            RejectOversize(start, now);
            ReleaseLine();
            return;
        }

        ReadOnlySpan<byte> line = tail;
        if (_lineLength > 0)
        {
            EnsureLineCapacity(_lineLength + tail.Length);
            tail.CopyTo(_line.AsSpan(_lineLength));
            line = _line.AsSpan(0, _lineLength + tail.Length);
        }

        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (start == 0 && line.StartsWith("\uFEFF"u8) && Input.Encoding.CodePage == Encoding.UTF8.CodePage)
        {
            line = line[3..];
        }

        Dispatch(line, start, end, batch, now);
        ReleaseLine();
    }

    private void Dispatch(ReadOnlySpan<byte> line, long start, long end, RecordBatch batch, DateTimeOffset now)
    {
        if (!Input.IsDockerJson)
        {
            Route(Channel(""), new FileEvent(start, end, Input.Encoding.GetString(line), null, null), batch, now);
            return;
        }

        if (!DockerJsonLine.TryParse(line, out var log, out var stream, out var time))
        {
            Input.Counters.Reject($"not a Docker json-file line at offset {start} of {Path}", now);
            return;
        }

        var channel = Channel(stream ?? "");
        var bytes = Encoding.UTF8.GetByteCount(log);
        if (!log.EndsWith('\n'))
        {
            // A part of a line Docker split; the line ends with the part whose text ends with a newline.
            if (channel.PartialStart is null)
            {
                channel.PartialStart = start;
                channel.PartialTime = time;
            }

            if (!channel.SkippingPartial)
            {
                channel.PartialBytes += bytes;
                if (channel.PartialBytes > _maxLineBytes)
                {
                    RejectOversize(channel.PartialStart.Value, now);
                    channel.SkippingPartial = true;
                    channel.Partial.Clear();
                }
                else
                {
                    channel.Partial.Append(log);
                }
            }

            return;
        }

        var text = log.AsSpan(0, log.Length - 1);
        if (text.EndsWith("\r"))
        {
            text = text[..^1];
        }

        string message;
        if (channel.PartialStart is long partialStart)
        {
            var skipped = channel.SkippingPartial;
            var total = channel.PartialBytes + bytes;
            message = skipped || total > _maxLineBytes ? "" : channel.Partial.Append(text).ToString();
            time = channel.PartialTime;
            channel.ClearPartial();
            if (skipped)
            {
                return;
            }

            if (total > _maxLineBytes)
            {
                RejectOversize(partialStart, now);
                return;
            }

            start = partialStart;
        }
        else
        {
            message = text.ToString();
        }

        Route(channel, new FileEvent(start, end, message, stream, time), batch, now);
    }

    private void Route(FileStreamChannel channel, in FileEvent line, RecordBatch batch, DateTimeOffset now)
    {
        if (channel.Multiline is null)
        {
            Emit(line, batch);
        }
        else if (channel.Multiline.Add(line, now) is { } completed)
        {
            Emit(completed, batch);
        }
    }

    private void Emit(in FileEvent e, RecordBatch batch)
    {
        var log = new JsonObject
        {
            ["file"] = new JsonObject { ["path"] = Path },
            ["offset"] = e.Offset,
        };
        if (e.Lines > 1 || e.Truncated)
        {
            log["flags"] = e.Truncated ? new JsonArray(MultilineFlags.Multiline, MultilineFlags.Truncated) : new JsonArray(MultilineFlags.Multiline);
        }

        var fields = new JsonObject { ["message"] = e.Message, ["log"] = log };
        if (Input.IsDockerJson)
        {
            if (e.Stream is not null)
            {
                fields["stream"] = e.Stream;
            }

            if (_containerId is not null)
            {
                fields["container"] = new JsonObject { ["id"] = _containerId };
            }

            if (DockerJsonLine.TryParseTime(e.Time, out var time))
            {
                fields["@timestamp"] = TimestampParser.Format(time);
            }
        }

        var record = new IngestRecord
        {
            Input = Input.SourceName,
            Fields = fields,
            Parser = Input.Options.Parser,
            IndexBase = Input.Options.IndexBase,
            // Same file content at the same offset gives the same id, so a replay after a crash overwrites, not duplicates.
            Id = $"{Input.Name}:{Identity.Device:x}:{Identity.Inode:x}:{Since:x}:{e.Offset}",
        };
        batch.Add(record, e.Message.Length);
    }

    private FileStreamChannel Channel(string stream)
    {
        if (!_channels.TryGetValue(stream, out var channel))
        {
            channel = new FileStreamChannel(Input.NewAggregator());
            _channels[stream] = channel;
        }

        return channel;
    }

    private void RejectOversize(long start, DateTimeOffset now) =>
        Input.Counters.Reject($"line longer than {_maxLineBytes} bytes at offset {start} of {Path}", now);

    private void EnsureLineCapacity(int needed)
    {
        if (_line.Length < needed)
        {
            Array.Resize(ref _line, Math.Max(needed, Math.Min(Math.Max(_line.Length * 2, 256), _maxLineBytes + 1)));
        }
    }

    private void ReleaseLine()
    {
        _lineLength = 0;
        if (_line.Length > KeepLineBuffer)
        {
            _line = []; // a rare long line should not pin a large buffer for the life of the file
        }
    }
}
