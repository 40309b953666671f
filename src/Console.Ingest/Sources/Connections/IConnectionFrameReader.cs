using System.Buffers;
using Console.Ingest.Pipeline;

namespace Console.Ingest.Sources.Connections;

/// <summary>
/// One TCP connection's framing for a <see cref="FramedTcpListener"/>: turns the bytes read so far into records. It
/// counts what it received and refused itself, since what counts as received differs between protocols. One instance
/// per connection; not thread-safe.
/// </summary>
internal interface IConnectionFrameReader
{
    /// <summary>
    /// Moves whole messages off the front of <paramref name="buffer"/> into <paramref name="records"/> until no whole
    /// message is left or <paramref name="records"/> holds <paramref name="max"/>. With <paramref name="senderClosed"/> no
    /// more bytes will come, so an unterminated last message is taken too.
    /// </summary>
    /// <returns>True when it stopped at <paramref name="max"/>, so more messages may be left in the buffer.</returns>
    bool Read(ref ReadOnlySequence<byte> buffer, bool senderClosed, List<IngestRecord> records, int max);
}
