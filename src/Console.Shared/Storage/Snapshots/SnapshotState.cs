namespace Console.Shared.Storage.Snapshots;

/// <summary>Elasticsearch's snapshot states, which the embedded repository uses too.</summary>
public enum SnapshotState
{
    InProgress,
    Success,
    Partial,
    Failed,
}
