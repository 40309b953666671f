using System.Buffers;
using System.Globalization;
using System.Net;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// One GELF TCP connection's messages as records: messages end with a NUL byte, as Graylog's GELF TCP input expects. A
/// frame longer than <see cref="GelfReceiverOptions.MaxMessageBytes"/> is refused once and skipped to its NUL, so its
/// tail is never read as new messages.
/// </summary>
internal sealed class GelfConnectionReader(GelfIntake intake, int maxMessageBytes, EndPoint? remote) : IConnectionFrameReader
{
    private bool _skipping;

    public bool Read(ref ReadOnlySequence<byte> buffer, bool senderClosed, List<IngestRecord> records, int max)
    {
        while (records.Count < max && TryReadFrame(ref buffer, out var frame, out var rejection))
        {
            if (rejection is not null)
            {
                intake.Reject(rejection, remote);
                continue;
            }

            Take(frame, records);
        }

        if (records.Count < max && senderClosed && !buffer.IsEmpty && !_skipping)
        {
            // The last message of a sender that closed without its NUL.
            Take(buffer, records);
            buffer = buffer.Slice(buffer.End);
        }

        return records.Count >= max;
    }

    private void Take(in ReadOnlySequence<byte> frame, List<IngestRecord> records)
    {
        var payload = TrimLineEnd(frame);
        if (payload.IsEmpty)
        {
            return;
        }

        intake.Counters.AddReceived(1, intake.Now);
        ReadOnlySpan<byte> bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        if (intake.CreateRecord(bytes, remote) is { } record)
        {
            records.Add(record);
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out string? rejection)
    {
        frame = default;
        rejection = null;
        while (true)
        {
            var end = buffer.PositionOf((byte)0);
            if (end is null)
            {
                if (_skipping)
                {
                    buffer = buffer.Slice(buffer.End);
                    return false;
                }

                if (buffer.Length > maxMessageBytes)
                {
                    buffer = buffer.Slice(buffer.End);
                    _skipping = true;
                    rejection = string.Create(CultureInfo.InvariantCulture,
                        $"frame longer than MaxMessageBytes ({maxMessageBytes}); skipped to its NUL");
                    return true;
                }

                return false;
            }

            var found = buffer.Slice(0, end.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
            if (_skipping)
            {
                _skipping = false;
                continue;
            }

            if (found.Length > maxMessageBytes)
            {
                rejection = string.Create(CultureInfo.InvariantCulture,
                    $"frame of {found.Length} bytes is longer than MaxMessageBytes ({maxMessageBytes}); skipped");
                return true;
            }

            if (TrimLineEnd(found).IsEmpty)
            {
                continue;
            }

            frame = found;
            return true;
        }
    }

    // Some senders put a line end before the NUL, or send NULs between messages.
    private static ReadOnlySequence<byte> TrimLineEnd(ReadOnlySequence<byte> frame)
    {
        while (!frame.IsEmpty)
        {
            var first = frame.FirstSpan[0];
            if (first is (byte)'\n' or (byte)'\r' or (byte)' ')
            {
                frame = frame.Slice(1);
                continue;
            }

            var last = frame.Slice(frame.Length - 1).FirstSpan[0];
            if (last is (byte)'\n' or (byte)'\r' or (byte)' ')
            {
                frame = frame.Slice(0, frame.Length - 1);
                continue;
            }

            break;
        }

        return frame;
    }
}
