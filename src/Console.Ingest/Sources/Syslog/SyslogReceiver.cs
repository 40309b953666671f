using System.Net;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Connections;
using Console.Ingest.Sources.Datagrams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.Syslog;

/// <summary>
/// Listens for syslog over TCP (octet-counted and LF-framed, detected per message) and UDP on one address, parses each
/// message with <see cref="SyslogMessageParser"/> and submits the events to the ingest pipeline as <c>syslog-tcp</c> and
/// <c>syslog-udp</c>. On shutdown it stops accepting and reading first, then lets submissions already made finish
/// (until the host's shutdown timeout).
/// </summary>
public sealed class SyslogReceiver(
    IOptions<SyslogReceiverOptions> options,
    IIngestPipeline pipeline,
    IngestStats stats,
    SyslogMessageParser parser,
    TimeProvider clock,
    ILogger<SyslogReceiver> logger)
    : NetworkReceiver<SyslogReceiverOptions>(options, "syslog", "Syslog", SyslogReceiverOptions.Section, clock, logger)
{
    public const string TcpInput = "syslog-tcp";
    public const string UdpInput = "syslog-udp";

    private SyslogIntake? _tcpIntake;
    private SyslogIntake? _udpIntake;

    private protected override (ReceiverIntake Intake, Func<EndPoint?, IConnectionFrameReader> OpenReader) CreateTcpIntake(SyslogReceiverOptions settings)
    {
        var intake = _tcpIntake = Intake(TcpInput, settings);
        return (intake, remote => new SyslogConnectionReader(intake, settings.MaxMessageBytes, remote));
    }

    private protected override (ReceiverIntake Intake, IDatagramReader Reader) CreateUdpIntake(SyslogReceiverOptions settings)
    {
        var intake = _udpIntake = Intake(UdpInput, settings);
        return (intake, new SyslogDatagramReader(intake, settings.MaxMessageBytes));
    }

    private protected override Task ExpirePartialMessagesAsync(CancellationToken stopping) => Task.WhenAll(
        _tcpIntake?.SubmitExpiredAsync(stopping) ?? Task.CompletedTask,
        _udpIntake?.SubmitExpiredAsync(stopping) ?? Task.CompletedTask);

    // Nothing more can arrive: PostgreSQL messages still waiting for lines go as they are.
    private protected override Task SubmitPartialMessagesAsync() => Task.WhenAll(
        _tcpIntake?.SubmitPendingAsync() ?? Task.CompletedTask,
        _udpIntake?.SubmitPendingAsync() ?? Task.CompletedTask);

    private SyslogIntake Intake(string input, SyslogReceiverOptions settings)
    {
        var joiner = settings.PostgresqlMultiline.Enabled
            ? new PostgresqlMultilineJoiner(settings.PostgresqlMultiline, settings.Programs.Values, stats.Stage(PostgresqlMultilineJoiner.StageName))
            : null;
        return new SyslogIntake(input, settings, parser, pipeline, stats.Input(input), Clock, Logger, Abort, joiner);
    }
}
