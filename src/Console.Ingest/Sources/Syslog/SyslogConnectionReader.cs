using System.Buffers;
using System.Net;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;

namespace Console.Ingest.Sources.Syslog;

/// <summary>One syslog TCP connection's messages (both framings, see <see cref="SyslogFrameDecoder"/>) as records.</summary>
internal sealed class SyslogConnectionReader(SyslogIntake intake, int maxMessageBytes, EndPoint? remote) : IConnectionFrameReader
{
    private readonly SyslogFrameDecoder _decoder = new(maxMessageBytes);
    private readonly string? _sender = SyslogIntake.SenderOf(remote);

    public bool Read(ref ReadOnlySequence<byte> buffer, bool senderClosed, List<IngestRecord> records, int max)
    {
        var receivedAt = intake.Now;
        var received = 0;
        while (records.Count < max &&
               (_decoder.TryRead(ref buffer, out var frame) || (senderClosed && _decoder.TryReadLast(ref buffer, out frame))))
        {
            if (frame.Rejection is { } reason)
            {
                intake.Reject(reason, remote);
                continue;
            }

            // Counted per message: PostgreSQL's lines may leave as fewer, joined records.
            received++;
            intake.Take(frame.Payload, _sender, receivedAt, records);
        }

        if (received > 0)
        {
            intake.Counters.AddReceived(received, receivedAt);
        }

        return records.Count >= max;
    }
}
