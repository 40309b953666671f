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
/// <see cref="SnapshotOptions.ElasticsearchLocation"/> is set. Progress comes from <c>_status</c>.
/// </summary>
public sealed class ElasticsearchSnapshotRepository(
    ElasticsearchClient client,
    ElasticsearchLogStore store,
    IOptions<SnapshotOptions> options,
    ILogger<ElasticsearchSnapshotRepository> logger) : ISnapshotRepository
{
    private volatile bool _registered;

    private string Repository => options.Value.ElasticsearchRepository;

    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRepositoryAsync(cancellationToken);
        var response = await Call(() => client.GetSnapshotsAsync(Repository, cancellationToken));
        var list = new List<SnapshotSummary>();
        foreach (var snapshot in response.Snapshots)
        {
            list.Add(snapshot.State == "IN_PROGRESS" ? await WithProgressAsync(snapshot, cancellationToken) : Describe(snapshot, null));
        }

        return list.OrderByDescending(s => s.StartedAt).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
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

        var response = await Call(() => client.RestoreSnapshotAsync(Repository, name,
            new RestoreSnapshotRequest(string.Join(',', chosen), NullIfEmpty(request.RenamePattern), request.RenamePattern is { Length: > 0 } ? request.RenameReplacement ?? string.Empty : null),
            cancellationToken));
        var restored = response.Snapshot?.Indices ?? [];
        logger.LogInformation("Restored {Indices} from Elasticsearch snapshot {Snapshot}", string.Join(", ", restored), name);
        return new RestoreResult(restored, 0, 0);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        if (SnapshotNames.Validate(name) is not null)
        {
            return false;
        }

        await EnsureRepositoryAsync(cancellationToken);
        return await Call(() => client.DeleteSnapshotAsync(Repository, name, cancellationToken));
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
