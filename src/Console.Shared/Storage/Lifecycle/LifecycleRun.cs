namespace Console.Shared.Storage.Lifecycle;

/// <summary>What one run of the embedded lifecycle job did.</summary>
public sealed record LifecycleRun(
    DateTimeOffset At, IReadOnlyList<string> Warmed, IReadOnlyList<string> Cooled, IReadOnlyList<string> Deleted, IReadOnlyList<string> Failures);
