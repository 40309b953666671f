using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Shared.Events;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Storage.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// Snapshots through Elasticsearch's <c>_snapshot</c> API in an <c>fs</c> repository, registered on first use when
/// <see cref="SnapshotOptions.ElasticsearchLocation"/> is set. A snapshot's files and bytes come from <c>_status</c>, a
/// restore's from the <c>_recovery</c> of the indices it creates.
/// </summary>
public sealed class ElasticsearchSnapshotRepository(
    ElasticsearchClient client,
    ElasticsearchLogStore store,
    IOptions<SnapshotOptions> options,
    ILogger<ElasticsearchSnapshotRepository> logger,
    TimeProvider? clock = null) : ISnapshotRepository
{
    /// <summary>Snapshots whose status one <c>_status</c> request asks for, so the address stays short.</summary>
    private const int StatusBatch = 20;

    private readonly ConcurrentDictionary<string, RunningRestore> _restores = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private volatile bool _registered;

    private string Repository => options.Value.ElasticsearchRepository;

    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRepositoryAsync(cancellationToken);
        var response = await Call(() => client.GetSnapshotsAsync(Repository, cancellationToken));
        // Files and bytes of every snapshot, a few snapshots per _status request rather than one request each.
        var stats = new Dictionary<string, SnapshotStats?>(StringComparer.Ordinal);
        foreach (var batch in response.Snapshots.Select(s => s.Snapshot).Chunk(StatusBatch))
        {
            var status = await Call(() => client.SnapshotStatusAsync(Repository, string.Join(',', batch), cancellationToken));
            foreach (var entry in status.Snapshots)
            {
                stats[entry.Snapshot] = entry.Stats;
            }
        }

        return response.Snapshots.Select(s => Describe(s, stats.GetValueOrDefault(s.Snapshot))).OrderByDescending(s => s.StartedAt).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<SnapshotSummary?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (SnapshotNames.Validate(name) is not null)
        {
            return null;
        }

        await EnsureRepositoryAsync(cancellationToken);
        var snapshot = await Call(() => client.GetSnapshotAsync(Repository, name, cancellationToken));
        return snapshot is null ? null : await WithProgressAsync(snapshot, cancellationToken);
    }

    public async Task<SnapshotSummary> StartAsync(string name, string indexPattern, CancellationToken cancellationToken = default)
    {
        if (SnapshotNames.Validate(name) is { } nameError)
        {
            throw new StoreRequestException(nameError);
        }

        if (IndexNames.ValidatePattern(indexPattern) is { } patternError)
        {
            throw new StoreRequestException(patternError);
        }

        var indices = await store.ListIndicesAsync(indexPattern, cancellationToken);
        if (indices.Count == 0)
        {
            throw new StoreRequestException($"no index matches {indexPattern}");
        }

        await EnsureRepositoryAsync(cancellationToken);
        var concrete = string.Join(',', indices.Select(i => i.Name));
        await Call(() => client.CreateSnapshotAsync(Repository, name, new CreateSnapshotRequest(concrete), waitForCompletion: false, cancellationToken));
        logger.LogInformation("Taking Elasticsearch snapshot {Snapshot} of {Indices} into {Repository}", name, concrete, Repository);
        return await GetAsync(name, cancellationToken)
               ?? new SnapshotSummary(name, SnapshotState.InProgress, DateTimeOffset.UtcNow, null, indices.Select(i => i.Name).ToList(), 0, 0, 0, 0, null);
    }

    public async Task<RestoreResult> RestoreAsync(string name, RestoreRequest request, CancellationToken cancellationToken = default)
    {
        var snapshot = await GetAsync(name, cancellationToken) ?? throw new StoreRequestException($"no snapshot named {name}");
        if (snapshot.State is not (SnapshotState.Success or SnapshotState.Partial))
        {
            throw new StoreRequestException($"snapshot {name} is {snapshot.State}; only a finished snapshot can be restored");
        }

        var chosen = request.Indices is { Count: > 0 } ? request.Indices : snapshot.Indices;
        foreach (var index in chosen)
        {
            if (!snapshot.Indices.Contains(index, StringComparer.Ordinal))
            {
                throw new StoreRequestException($"snapshot {name} holds no index {index} (it holds {string.Join(", ", snapshot.Indices)})");
            }

            var target = string.IsNullOrEmpty(request.RenamePattern) ? index : Rename(index, request.RenamePattern, request.RenameReplacement ?? string.Empty);
            if (IndexNames.Validate(target) is { } error)
            {
                throw new StoreRequestException($"the restored name is not valid: {error}");
            }

            if ((await store.ListIndicesAsync(target, cancellationToken)).Count > 0)
            {
                throw new StoreRequestException($"index {target} exists: delete it first, or restore under another name (rename_pattern, rename_replacement)");
            }
        }

        var targets = chosen.Select(i => string.IsNullOrEmpty(request.RenamePattern) ? i : Rename(i, request.RenamePattern, request.RenameReplacement ?? string.Empty)).ToList();
        var restore = new RunningRestore(name, _clock.GetUtcNow(), targets, 0, 0);
        _restores[name] = restore;
        RestoreSnapshotResponse response;
        try
        {
            response = await Call(() => client.RestoreSnapshotAsync(Repository, name,
                new RestoreSnapshotRequest(string.Join(',', chosen), NullIfEmpty(request.RenamePattern), request.RenamePattern is { Length: > 0 } ? request.RenameReplacement ?? string.Empty : null),
                cancellationToken));
        }
        catch (Exception ex)
        {
            restore.Fail(_clock.GetUtcNow(), ex is OperationCanceledException ? "the restore was cancelled" : ex.Message);
            throw;
        }

        var restored = response.Snapshot?.Indices ?? targets;
        // The recoveries' final counts: the files and bytes the restore copied.
        var progress = await ReadRecoveryAsync(restore, cancellationToken);
        restore.Succeed(_clock.GetUtcNow());
        logger.LogInformation("Restored {Indices} from Elasticsearch snapshot {Snapshot}", string.Join(", ", restored), name);
        return new RestoreResult(restored, progress.FilesDone, progress.BytesDone);
    }

    public async Task<RestoreProgress?> GetRestoreAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!_restores.TryGetValue(name, out var restore))
        {
            return null;
        }

        return restore.State == RestoreState.InProgress ? await ReadRecoveryAsync(restore, cancellationToken) : restore.Progress();
    }

    /// <summary>
    /// Sums the snapshot recoveries of the restore's indices' primaries into its counts (replicas copy from their primary
    /// afterwards, and are not part of the restore). An index not created yet counts nothing; when Elasticsearch cannot
    /// answer, the counts known before stand.
    /// </summary>
    private async Task<RestoreProgress> ReadRecoveryAsync(RunningRestore restore, CancellationToken cancellationToken)
    {
        try
        {
            var recovery = await client.RecoveryAsync(string.Join(',', restore.Indices), cancellationToken);
            var shards = recovery.Where(i => restore.Indices.Contains(i.Key, StringComparer.Ordinal))
                .SelectMany(i => i.Value.Shards)
                .Where(s => s.Primary && string.Equals(s.Type, "SNAPSHOT", StringComparison.Ordinal) && s.Index is not null)
                .Select(s => s.Index!)
                .ToList();
            restore.Report(
                shards.Sum(s => (s.Files?.Recovered ?? 0) + (s.Files?.Reused ?? 0)),
                shards.Sum(s => s.Files?.Total ?? 0),
                shards.Sum(s => (s.Size?.RecoveredInBytes ?? 0) + (s.Size?.ReusedInBytes ?? 0)),
                shards.Sum(s => s.Size?.TotalInBytes ?? 0));
        }
        catch (Exception ex) when (ex is ElasticsearchException or HttpRequestException)
        {
            logger.LogWarning("Reading the recovery of {Indices} failed: {Reason}", string.Join(", ", restore.Indices), ex.Message);
        }

        return restore.Progress();
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        if (SnapshotNames.Validate(name) is not null)
        {
            return false;
        }

        await EnsureRepositoryAsync(cancellationToken);
        var deleted = await Call(() => client.DeleteSnapshotAsync(Repository, name, cancellationToken));
        _restores.TryRemove(name, out _); // a new snapshot of this name has had no restore
        return deleted;
    }

    private async Task EnsureRepositoryAsync(CancellationToken cancellationToken)
    {
        if (_registered || string.IsNullOrWhiteSpace(options.Value.ElasticsearchLocation))
        {
            return;
        }

        var settings = new JsonObject { ["location"] = options.Value.ElasticsearchLocation, ["compress"] = true };
        await Call(() => client.PutSnapshotRepositoryAsync(Repository, new SnapshotRepository("fs", settings), cancellationToken));
        _registered = true;
        logger.LogInformation("Registered the fs snapshot repository {Repository} at {Location}", Repository, options.Value.ElasticsearchLocation);
    }

    private async Task<SnapshotSummary> WithProgressAsync(SnapshotInfo snapshot, CancellationToken cancellationToken)
    {
        var status = await Call(() => client.SnapshotStatusAsync(Repository, snapshot.Snapshot, cancellationToken));
        return Describe(snapshot, status.Snapshots.FirstOrDefault()?.Stats);
    }

    private static SnapshotSummary Describe(SnapshotInfo snapshot, SnapshotStats? stats)
    {
        var state = snapshot.State switch
        {
            "SUCCESS" => SnapshotState.Success,
            "IN_PROGRESS" => SnapshotState.InProgress,
            "PARTIAL" => SnapshotState.Partial,
            _ => SnapshotState.Failed,
        };
        // What this snapshot copies is the incremental part; a finished one has copied all of it.
        var total = stats?.Incremental ?? stats?.Total;
        var done = state == SnapshotState.InProgress ? stats?.Processed : total;
        var failure = snapshot.Failures is { Count: > 0 } failures
            ? string.Join("; ", failures.Select(f => $"{f.Index}[{f.ShardId}]: {f.Reason}"))
            : state == SnapshotState.Failed ? $"state {snapshot.State}" : null;
        return new SnapshotSummary(
            snapshot.Snapshot,
            state,
            snapshot.StartTimeInMillis is { } start ? DateTimeOffset.FromUnixTimeMilliseconds(start) : DateTimeOffset.MinValue,
            snapshot.EndTimeInMillis is { } end and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
            snapshot.Indices ?? [],
            done?.FileCount ?? 0,
            total?.FileCount ?? 0,
            done?.SizeInBytes ?? 0,
            total?.SizeInBytes ?? 0,
            failure);
    }

    /// <summary>Elasticsearch's refusals of what was asked (a taken name, an open index in the way) become the caller's 400.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ElasticsearchException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict
                                                   || ex.ErrorType is "snapshot_restore_exception" or "invalid_snapshot_name_exception" or "repository_missing_exception"
                                                       or "concurrent_snapshot_execution_exception" or "repository_verification_exception")
        {
            throw new StoreRequestException(ex.Message, ex);
        }
    }

    private static string Rename(string index, string pattern, string replacement)
    {
        try
        {
            // Elasticsearch uses Java's replaceAll; for the usual patterns .NET's regular expressions agree.
            return Regex.Replace(index, pattern, replacement, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new StoreRequestException($"rename_pattern is not a valid regular expression: {ex.Message}", ex);
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
