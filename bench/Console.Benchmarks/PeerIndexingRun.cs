namespace Console.Benchmarks;

/// <summary>One engine indexing the NDJSON file at one thread count, with the 1-minute load average before and after.</summary>
internal sealed record PeerIndexingRun(
    string Engine,
    int Threads,
    long Events,
    double Seconds,
    double EventsPerSecond,
    long CommittedBytes,
    long ClosedBytes,
    long? PeakRssBytes,
    string LoadBefore,
    string LoadAfter);
