using Console.Shared.Storage.Snapshots;

namespace Console.Web.Apis;

/// <summary>A snapshot as the API shows it; <c>state</c> is <c>in_progress</c>, <c>success</c>, <c>partial</c> or <c>failed</c>.</summary>
public sealed record SnapshotResponse(
    string Name, string State, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, IReadOnlyList<string> Indices,
    long FilesDone, long FilesTotal, long BytesDone, long BytesTotal, string? Failure)
{
    public static SnapshotResponse From(SnapshotSummary s) => new(s.Name, StateWord(s.State), s.StartedAt, s.FinishedAt, s.Indices,
        s.FilesDone, s.FilesTotal, s.BytesDone, s.BytesTotal, s.Failure);

    public static string StateWord(SnapshotState state) => state switch
    {
        SnapshotState.InProgress => "in_progress",
        _ => state.ToString().ToLowerInvariant(),
    };
}
