namespace Console.Shared.Storage.Snapshots;

/// <summary>Where a restore stands.</summary>
public enum RestoreState
{
    InProgress,
    Success,
    Failed,
}
