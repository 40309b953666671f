namespace Console.Web.Health;

/// <summary>
/// The console's health in one answer (<c>GET /api/health</c> and the Health page): the worst status of its parts, the
/// reasons for anything not green, and each part's figures. Red means not usable (the store cannot be used).
/// </summary>
public sealed record HealthReport(
    string Status,
    DateTimeOffset CheckedAt,
    IReadOnlyList<string> Reasons,
    StoreHealthReport Store,
    IngestHealth Ingest,
    QueueHealth Queue,
    DiskHealth Disk,
    IReadOnlyList<ReceiverHealth> Receivers,
    LifecycleHealth? Lifecycle);
