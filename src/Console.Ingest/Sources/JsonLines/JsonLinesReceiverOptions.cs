using System.ComponentModel.DataAnnotations;

namespace Console.Ingest.Sources.JsonLines;

/// <summary>The <c>Ingest:JsonLines</c> settings: what python-logstash-async and Logstash's tcp/udp json_lines inputs talk to.</summary>
public sealed class JsonLinesReceiverOptions
{
    public const string Section = "Ingest:JsonLines";

    public bool TcpEnabled { get; set; } = true;

    public bool UdpEnabled { get; set; } = true;

    /// <summary>Loopback by default: exposing the port is a deliberate choice.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The port for both TCP and UDP; 0 picks free ones (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5000;

    /// <summary>Longest event (line or datagram); longer ones are rejected and counted.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Open TCP connections at most; a connection beyond it is closed at once, counted and logged.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 1024;

    /// <summary>Open TCP connections from one client address at most (every gunicorn and Celery process of a host holds one).</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerClient { get; set; } = 256;

    /// <summary>A connection that sends nothing for this long is closed (time spent waiting for a full queue does not count).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9._-]*$", ErrorMessage = "IndexBase must be a valid lowercase index name")]
    public string IndexBase { get; set; } = "thebot-logs";

    /// <summary>Datagrams buffered between the socket and the pipeline; beyond this UDP drops, counted.</summary>
    [Range(100, 10_000_000)]
    public int UdpQueueCapacity { get; set; } = 100_000;
}
