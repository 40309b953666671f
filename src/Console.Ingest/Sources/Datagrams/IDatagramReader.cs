using System.Net;
using Console.Ingest.Pipeline;

namespace Console.Ingest.Sources.Datagrams;

/// <summary>One protocol's messages in UDP datagrams, for a <see cref="DatagramListener"/>. Counts its own refusals.</summary>
internal interface IDatagramReader
{
    /// <summary>
    /// On the socket's loop, so it must be quick: the message <paramref name="datagram"/> carries, copied out of the
    /// receive buffer; or null when it carries none yet (a chunk waiting for its siblings) or was refused.
    /// </summary>
    byte[]? Admit(ReadOnlySpan<byte> datagram, EndPoint? from);

    /// <summary>Off the socket's loop: adds the records a queued message makes to <paramref name="records"/>.</summary>
    void Read(in ReceivedDatagram datagram, List<IngestRecord> records);
}
