using Console.Shared.Storage.Snapshots;

namespace Console.Web.Apis;

/// <summary>The newest restore from a snapshot as the API shows it; <c>state</c> is <c>in_progress</c>, <c>success</c> or <c>failed</c>.</summary>
public sealed record RestoreProgressResponse(
    string Snapshot, string State, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, IReadOnlyList<string> Indices,
    long FilesDone, long FilesTotal, long BytesDone, long BytesTotal, string? Failure)
{
    public static RestoreProgressResponse From(RestoreProgress r) => new(r.Snapshot, StateWord(r.State), r.StartedAt, r.FinishedAt, r.Indices,
        r.FilesDone, r.FilesTotal, r.BytesDone, r.BytesTotal, r.Failure);

    public static string StateWord(RestoreState state) => state switch
    {
        RestoreState.InProgress => "in_progress",
        _ => state.ToString().ToLowerInvariant(),
    };
}
