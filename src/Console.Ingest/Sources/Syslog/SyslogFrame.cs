using System.Buffers;

namespace Console.Ingest.Sources.Syslog;

/// <summary>One message cut from a TCP stream, or the reason a message was refused (its bytes are then skipped).</summary>
internal readonly record struct SyslogFrame(ReadOnlySequence<byte> Payload, string? Rejection)
{
    public static SyslogFrame Message(ReadOnlySequence<byte> payload) => new(payload, null);

    public static SyslogFrame Rejected(string reason) => new(ReadOnlySequence<byte>.Empty, reason);
}
