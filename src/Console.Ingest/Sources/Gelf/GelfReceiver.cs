using System.Net;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;
using Console.Ingest.Sources.Datagrams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// Listens for GELF over UDP (plain, gzip, zlib, chunked) and TCP (NUL-delimited) on one address, port 12201 by default,
/// and submits the messages to the ingest pipeline as <c>gelf-udp</c> and <c>gelf-tcp</c>. On shutdown it stops reading
/// first, then lets submissions already made finish (until the host's shutdown timeout).
/// </summary>
public sealed class GelfReceiver(
    IOptions<GelfReceiverOptions> options,
    IIngestPipeline pipeline,
    IngestStats stats,
    TimeProvider clock,
    ILogger<GelfReceiver> logger)
    : NetworkReceiver<GelfReceiverOptions>(options, "GELF", "GELF", GelfReceiverOptions.Section, clock, logger)
{
    public const string TcpInput = "gelf-tcp";
    public const string UdpInput = "gelf-udp";

    private GelfDatagramReader? _udpReader;

    /// <summary>Chunked UDP messages still waiting for chunks.</summary>
    public int PendingChunkedMessages => _udpReader?.PendingChunkedMessages ?? 0;

    private protected override (ReceiverIntake Intake, Func<EndPoint?, IConnectionFrameReader> OpenReader) CreateTcpIntake(GelfReceiverOptions settings)
    {
        var intake = Intake(TcpInput, settings);
        return (intake, remote => new GelfConnectionReader(intake, settings.MaxMessageBytes, remote));
    }

    private protected override (ReceiverIntake Intake, IDatagramReader Reader) CreateUdpIntake(GelfReceiverOptions settings)
    {
        var intake = Intake(UdpInput, settings);
        _udpReader = new GelfDatagramReader(intake, settings, Clock);
        return (intake, _udpReader);
    }

    private protected override Task ExpirePartialMessagesAsync(CancellationToken stopping) =>
        _udpReader?.ExpireChunksAsync(stopping) ?? Task.CompletedTask;

    private GelfIntake Intake(string input, GelfReceiverOptions settings) =>
        new(input, settings, pipeline, stats.Input(input), Clock, Logger, Abort);
}
