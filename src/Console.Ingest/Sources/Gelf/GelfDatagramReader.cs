using System.Net;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Datagrams;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// GELF over UDP: a whole message per datagram, or a chunk that <see cref="GelfChunkAssembler"/> joins with its
/// siblings. Decompressing and parsing happen off the socket's loop, in <see cref="Read"/>.
/// </summary>
internal sealed class GelfDatagramReader(GelfIntake intake, GelfReceiverOptions options, TimeProvider clock) : IDatagramReader
{
    private readonly GelfChunkAssembler _chunks = new(options, clock);

    /// <summary>Chunked messages waiting for their other chunks.</summary>
    public int PendingChunkedMessages => _chunks.Pending;

    public byte[]? Admit(ReadOnlySpan<byte> datagram, EndPoint? from)
    {
        if (!GelfChunkAssembler.IsChunk(datagram))
        {
            return datagram.ToArray();
        }

        var whole = _chunks.Add(datagram, out var rejection);
        if (rejection is not null)
        {
            intake.Reject(rejection, from);
        }

        return whole;
    }

    public void Read(in ReceivedDatagram datagram, List<IngestRecord> records)
    {
        if (intake.CreateRecord(datagram.Payload, datagram.From) is { } record)
        {
            records.Add(record);
        }
    }

    /// <summary>Until <paramref name="stopping"/>, refuses chunked messages whose other chunks did not come within <see cref="GelfReceiverOptions.ChunkTimeout"/>.</summary>
    public async Task ExpireChunksAsync(CancellationToken stopping)
    {
        var interval = TimeSpan.FromTicks(Math.Clamp(options.ChunkTimeout.Ticks / 4, TimeSpan.FromMilliseconds(25).Ticks, TimeSpan.TicksPerSecond));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            foreach (var reason in _chunks.Expire())
            {
                intake.Reject(reason, null);
            }
        }
    }
}
