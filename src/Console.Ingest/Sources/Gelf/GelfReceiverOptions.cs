using System.ComponentModel.DataAnnotations;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Gelf;

/// <summary>The <c>Ingest:Gelf</c> settings: Graylog's GELF over UDP and TCP, what Docker's <c>gelf</c> log driver sends.</summary>
public sealed class GelfReceiverOptions : IValidatableObject, INetworkReceiverOptions
{
    public const string Section = "Ingest:Gelf";

    public bool Enabled { get; set; } = true;

    public bool UdpEnabled { get; set; } = true;

    public bool TcpEnabled { get; set; } = true;

    /// <summary>Loopback by default; <c>0.0.0.0</c> to take other machines' (and containers') logs.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP and UDP port, Graylog's 12201; 0 picks free ports (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 12201;

    /// <summary>Longest message in bytes once decompressed and reassembled (a TCP frame, a datagram, all chunks together); longer ones are rejected and counted.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Most chunks one UDP message may have; GELF's own limit is 128.</summary>
    [Range(1, 128)]
    public int MaxChunks { get; set; } = 128;

    /// <summary>How long the chunks of one message may take to arrive; an incomplete message is then dropped and counted (GELF says 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ChunkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Chunked messages being reassembled at once; beyond this the oldest is dropped and counted.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingChunkedMessages { get; set; } = 1000;

    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 256;

    /// <summary>Open TCP connections from one client address at most, so one sender cannot take every slot.</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerClient { get; set; } = 128;

    /// <summary>A TCP connection that sends nothing for this long is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most records handed to the pipeline in one submission.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>UDP messages waiting for the pipeline; beyond this datagrams are dropped and counted (UDP senders cannot be slowed down).</summary>
    [Range(1, 1_000_000)]
    public int UdpQueueCapacity { get; set; } = 10_000;

    [Required]
    public string IndexBase { get; set; } = IndexNames.DefaultBase;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NetworkReceiverOptionsValidation.Validate(this);
}
