using System.Buffers;
using System.Globalization;
using System.Net;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Datagrams;

namespace Console.Ingest.Sources.Syslog;

/// <summary>Syslog over UDP: one message per datagram, refused when longer than <see cref="SyslogReceiverOptions.MaxMessageBytes"/>.</summary>
internal sealed class SyslogDatagramReader(SyslogIntake intake, int maxMessageBytes) : IDatagramReader
{
    public byte[]? Admit(ReadOnlySpan<byte> datagram, EndPoint? from)
    {
        if (datagram.Length > maxMessageBytes)
        {
            intake.Reject(string.Create(CultureInfo.InvariantCulture, $"datagram of {datagram.Length} bytes is longer than MaxMessageBytes ({maxMessageBytes})"), from);
            return null;
        }

        return datagram.ToArray();
    }

    public void Read(in ReceivedDatagram datagram, List<IngestRecord> records) =>
        intake.Take(new ReadOnlySequence<byte>(datagram.Payload), ReceiverIntake.SenderOf(datagram.From), datagram.ReceivedAt, records);
}
