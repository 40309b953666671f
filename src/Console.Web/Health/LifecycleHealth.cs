namespace Console.Web.Health;

/// <summary>The embedded lifecycle job's last run.</summary>
public sealed record LifecycleHealth(DateTimeOffset? LastRunAt, IReadOnlyList<string> Warmed, IReadOnlyList<string> Cooled, IReadOnlyList<string> Deleted,
    IReadOnlyList<string> Failures);
