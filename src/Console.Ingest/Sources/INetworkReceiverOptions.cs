namespace Console.Ingest.Sources;

/// <summary>
/// The settings every <see cref="NetworkReceiver{TOptions}"/> reads: where it listens, which of TCP and UDP it opens and
/// how much each takes. Each receiver's options class keeps its own section, defaults and limits.
/// </summary>
public interface INetworkReceiverOptions
{
    bool Enabled { get; }

    bool TcpEnabled { get; }

    bool UdpEnabled { get; }

    /// <summary>The address both listeners bind.</summary>
    string BindAddress { get; }

    /// <summary>The TCP and UDP port; 0 picks free ports.</summary>
    int Port { get; }

    int MaxConnections { get; }

    int MaxConnectionsPerClient { get; }

    TimeSpan IdleTimeout { get; }

    int BatchSize { get; }

    int UdpQueueCapacity { get; }

    string IndexBase { get; }
}
