using System.Net;

namespace Console.Ingest.Sources.Datagrams;

/// <summary>A message taken off a UDP socket, waiting in a <see cref="DatagramListener"/>'s queue to become records.</summary>
internal readonly record struct ReceivedDatagram(byte[] Payload, EndPoint? From, DateTimeOffset ReceivedAt);
