namespace Console.Ingest.Sources.Connections;

/// <summary>The settings a <see cref="FramedTcpListener"/> takes from its receiver's options.</summary>
internal readonly record struct TcpListenerSettings(
    int Port,
    int MaxConnections,
    int MaxConnectionsPerClient,
    TimeSpan IdleTimeout,
    int BatchSize);
