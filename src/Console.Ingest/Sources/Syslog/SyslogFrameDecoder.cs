using System.Buffers;
using System.Globalization;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// Cuts a syslog TCP stream into messages the way rsyslog's imtcp does, deciding per message: a frame that starts with a
/// digit followed by a space is octet-counted (RFC 6587 <c>LEN SP MSG</c>), anything else runs to the next LF (a CR
/// before it is dropped) or NUL. A message longer than the limit is refused once and the rest of it skipped (LEN bytes,
/// or up to the next line end) so its tail is never read as new messages. One decoder per connection.
/// </summary>
internal sealed class SyslogFrameDecoder(int maxMessageBytes)
{
    // Enough for any length up to int.MaxValue; a longer run of digits is not a length but text.
    private const int MaxLengthDigits = 10;

    private static readonly byte[] Terminators = [(byte)'\n', 0];

    private long _skipBytes;
    private bool _skipToLineEnd;

    private enum Header
    {
        NotOctetCounted,
        NeedMore,
        OctetCounted,
    }

    /// <summary>Takes the next frame from the front of <paramref name="buffer"/>; false when the buffer holds no complete frame.</summary>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out SyslogFrame frame)
    {
        frame = default;
        while (true)
        {
            if (!Skip(ref buffer))
            {
                return false;
            }

            SkipEmptyLines(ref buffer);
            if (buffer.IsEmpty)
            {
                return false;
            }

            switch (ReadHeader(buffer, out var length, out var headerLength))
            {
                case Header.NeedMore:
                    return false;
                case Header.OctetCounted when length == 0:
                    buffer = buffer.Slice(headerLength);
                    continue;
                case Header.OctetCounted when length > maxMessageBytes:
                    buffer = buffer.Slice(headerLength);
                    _skipBytes = length;
                    frame = SyslogFrame.Rejected(string.Create(CultureInfo.InvariantCulture,
                        $"octet-counted message of {length} bytes is longer than MaxMessageBytes ({maxMessageBytes}); skipped"));
                    return true;
                case Header.OctetCounted when buffer.Length - headerLength < length:
                    return false;
                case Header.OctetCounted:
                    frame = SyslogFrame.Message(buffer.Slice(headerLength, length));
                    buffer = buffer.Slice(headerLength + length);
                    return true;
            }

            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadToAny(out ReadOnlySequence<byte> line, Terminators, advancePastDelimiter: true))
            {
                buffer = reader.UnreadSequence;
                if (line.Length > maxMessageBytes)
                {
                    frame = RejectedLine(line.Length);
                    return true;
                }

                line = TrimCarriageReturn(line);
                if (line.IsEmpty)
                {
                    continue;
                }

                frame = SyslogFrame.Message(line);
                return true;
            }

            if (buffer.Length > maxMessageBytes)
            {
                buffer = buffer.Slice(buffer.End);
                _skipToLineEnd = true;
                frame = RejectedLine(null);
                return true;
            }

            return false;
        }
    }

    /// <summary>At the end of the stream: an unterminated last line is a message (as in rsyslog), a cut octet-counted frame is refused.</summary>
    public bool TryReadLast(ref ReadOnlySequence<byte> buffer, out SyslogFrame frame)
    {
        frame = default;
        if (_skipBytes > 0 || _skipToLineEnd)
        {
            buffer = buffer.Slice(buffer.End);
            _skipBytes = 0;
            _skipToLineEnd = false;
            return false;
        }

        SkipEmptyLines(ref buffer);
        if (buffer.IsEmpty)
        {
            return false;
        }

        var rest = buffer;
        buffer = buffer.Slice(buffer.End);
        if (ReadHeader(rest, out var length, out var headerLength) == Header.OctetCounted)
        {
            frame = SyslogFrame.Rejected(string.Create(CultureInfo.InvariantCulture,
                $"connection closed inside an octet-counted message ({rest.Length - headerLength} of {length} bytes received)"));
            return true;
        }

        frame = SyslogFrame.Message(TrimCarriageReturn(rest));
        return !frame.Payload.IsEmpty;
    }

    private bool Skip(ref ReadOnlySequence<byte> buffer)
    {
        if (_skipBytes > 0)
        {
            var n = Math.Min(_skipBytes, buffer.Length);
            buffer = buffer.Slice(n);
            _skipBytes -= n;
            if (_skipBytes > 0)
            {
                return false;
            }
        }

        if (_skipToLineEnd)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryAdvanceToAny(Terminators, advancePastDelimiter: true))
            {
                buffer = buffer.Slice(buffer.End);
                return false;
            }

            buffer = reader.UnreadSequence;
            _skipToLineEnd = false;
        }

        return true;
    }

    private static void SkipEmptyLines(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\n', (byte)'\r', 0);
        buffer = reader.UnreadSequence;
    }

    private static Header ReadHeader(ReadOnlySequence<byte> buffer, out long length, out long headerLength)
    {
        length = 0;
        headerLength = 0;
        var reader = new SequenceReader<byte>(buffer);
        var digits = 0;
        while (reader.TryRead(out var b))
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                if (++digits > MaxLengthDigits)
                {
                    return Header.NotOctetCounted;
                }

                length = length * 10 + (b - '0');
                continue;
            }

            if (b == ' ' && digits > 0)
            {
                headerLength = reader.Consumed;
                return Header.OctetCounted;
            }

            // "2026-11-23T..." or "404 errors\n": a line that merely starts with a digit.
            return Header.NotOctetCounted;
        }

        return digits == 0 ? Header.NotOctetCounted : Header.NeedMore;
    }

    private static ReadOnlySequence<byte> TrimCarriageReturn(ReadOnlySequence<byte> line)
    {
        while (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == '\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        return line;
    }

    private SyslogFrame RejectedLine(long? length) => SyslogFrame.Rejected(length is { } known
        ? string.Create(CultureInfo.InvariantCulture, $"line of {known} bytes is longer than MaxMessageBytes ({maxMessageBytes}); skipped")
        : string.Create(CultureInfo.InvariantCulture, $"line longer than MaxMessageBytes ({maxMessageBytes}); skipped to its end"));
}
