using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Console.Shared.Events;
using Console.Shared.Storage.Snapshots;
using Lucene.Net.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Snapshots of embedded indices in a repository folder (<c>{repository}/{snapshot}/indices/{index}/</c> and a
/// <c>manifest.json</c>). Each index's latest commit is held with Lucene's <see cref="SnapshotDeletionPolicy"/> while its
/// files are copied, so writes and merges go on and the copy is exactly that commit. A restore checks every file's
/// checksum, copies into a hidden folder, then moves it into place and opens it: no restart.
/// </summary>
public sealed class EmbeddedSnapshotRepository : ISnapshotRepository
{
    private const int CopyBufferBytes = 1 << 20;

    private readonly LuceneLogStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<EmbeddedSnapshotRepository> _logger;
    private readonly ConcurrentDictionary<string, SnapshotProgress> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SnapshotSummary> _failed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RunningRestore> _restores = new(StringComparer.Ordinal);
    private readonly Lock _names = new();

    public EmbeddedSnapshotRepository(LuceneLogStore store, IOptions<SnapshotOptions> options, IOptions<StorageOptions> storage, TimeProvider clock,
        ILogger<EmbeddedSnapshotRepository> logger)
    {
        _store = store;
        _clock = clock;
        _logger = logger;
        Root = options.Value.ResolveRepositoryPath(storage.Value);
    }

    /// <summary>The repository folder.</summary>
    public string Root { get; }

    public Task<IReadOnlyList<SnapshotSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var names = Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(d => Path.GetFileName(d)).Where(n => SnapshotNames.Validate(n) is null)
            : [];
        var list = names.Union(_running.Keys).Union(_failed.Keys).Distinct(StringComparer.Ordinal)
            .Select(Describe).OfType<SnapshotSummary>()
            .OrderByDescending(s => s.StartedAt).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<SnapshotSummary>>(list);
    }

    public Task<SnapshotSummary?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(SnapshotNames.Validate(name) is null ? Describe(name) : null);

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

        var indices = _store.IndexNamesMatching(indexPattern);
        if (indices.Count == 0)
        {
            throw new StoreRequestException($"no index matches {indexPattern}");
        }

        var folder = Path.Combine(Root, name);
        SnapshotProgress progress;
        var held = new List<(string Name, LuceneIndex Index, IndexCommit Commit)>();
        lock (_names)
        {
            if (Directory.Exists(folder) || _running.ContainsKey(name))
            {
                throw new StoreRequestException($"a snapshot named {name} already exists");
            }

            _failed.TryRemove(name, out _);
            Directory.CreateDirectory(folder);
            progress = new SnapshotProgress(name, _clock.GetUtcNow(), indices, 0, 0);
            _running[name] = progress;
        }

        try
        {
            await _store.FlushAsync(cancellationToken); // what was acknowledged is in the commit the snapshot copies
            foreach (var index in indices)
            {
                var open = _store.Open(index);
                if (open is not null)
                {
                    held.Add((index, open, open.CommitSnapshots.Snapshot()));
                }
            }

            var files = held.Sum(h => (long)h.Commit.FileNames.Count);
            var bytes = held.Sum(h => h.Commit.FileNames.Sum(f => new FileInfo(Path.Combine(h.Index.Path, f)).Length));
            progress = new SnapshotProgress(name, progress.Summary().StartedAt, held.Select(h => h.Name).ToList(), files, bytes);
            _running[name] = progress;
        }
        catch
        {
            Release(held);
            _running.TryRemove(name, out _);
            Directory.Delete(folder, recursive: true);
            throw;
        }

        _logger.LogInformation("Taking snapshot {Snapshot} of {Indices}", name, string.Join(", ", held.Select(h => h.Name)));
        _ = Task.Run(() => CopyAsync(progress, folder, held), CancellationToken.None); // outlives the request that started it
        return progress.Summary();
    }

    public async Task<RestoreResult> RestoreAsync(string name, RestoreRequest request, CancellationToken cancellationToken = default)
    {
        var manifest = (SnapshotNames.Validate(name) is null ? ReadManifest(name) : null)
            ?? throw new StoreRequestException(_running.ContainsKey(name) ? $"snapshot {name} is still being taken" : $"no finished snapshot named {name}");
        var chosen = request.Indices is { Count: > 0 } ? request.Indices : manifest.Indices.Select(i => i.Name).ToList();
        var targets = new List<(SnapshotManifestIndex Source, string Target)>();
        foreach (var index in chosen)
        {
            var source = manifest.Indices.FirstOrDefault(i => i.Name == index)
                ?? throw new StoreRequestException($"snapshot {name} holds no index {index} (it holds {string.Join(", ", manifest.Indices.Select(i => i.Name))})");
            targets.Add((source, Rename(index, request)));
        }

        foreach (var group in targets.GroupBy(t => t.Target).Where(g => g.Count() > 1))
        {
            throw new StoreRequestException($"the rename gives {group.Key} for more than one index");
        }

        foreach (var (_, target) in targets)
        {
            if (IndexNames.Validate(target) is { } error)
            {
                throw new StoreRequestException($"the restored name is not valid: {error}");
            }

            if (_store.Exists(target) || Directory.Exists(Path.Combine(_store.IndexRoot, target)))
            {
                throw new StoreRequestException($"index {target} exists: delete it first, or restore under another name (rename_pattern, rename_replacement)");
            }
        }

        var restore = new RunningRestore(name, _clock.GetUtcNow(), targets.Select(t => t.Target).ToList(),
            targets.Sum(t => (long)t.Source.Files.Count), targets.Sum(t => t.Source.Files.Sum(f => f.Length)));
        _restores[name] = restore;
        try
        {
            var result = await RestoreFilesAsync(name, targets, restore, cancellationToken);
            restore.Succeed(_clock.GetUtcNow());
            return result;
        }
        catch (Exception ex)
        {
            restore.Fail(_clock.GetUtcNow(), ex is OperationCanceledException ? "the restore was cancelled" : ex.Message);
            throw;
        }
    }

    public Task<RestoreProgress?> GetRestoreAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_restores.TryGetValue(name, out var restore) ? restore.Progress() : null);

    private async Task<RestoreResult> RestoreFilesAsync(string name, List<(SnapshotManifestIndex Source, string Target)> targets, RunningRestore restore,
        CancellationToken cancellationToken)
    {
        long files = 0, bytes = 0;
        var restored = new List<string>();
        foreach (var (source, target) in targets)
        {
            var staging = Path.Combine(_store.IndexRoot, ".restore-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staging);
            try
            {
                foreach (var file in source.Files)
                {
                    var from = Path.Combine(Root, name, "indices", source.Name, file.Name);
                    var hash = await CopyFileAsync(from, Path.Combine(staging, file.Name), restore.AddBytes, cancellationToken);
                    if (!string.Equals(hash, file.Sha256, StringComparison.Ordinal))
                    {
                        throw new StoreRequestException($"snapshot {name} is damaged: {source.Name}/{file.Name} does not match its checksum");
                    }

                    files++;
                    bytes += file.Length;
                    restore.AddFile();
                }

                Directory.Move(staging, Path.Combine(_store.IndexRoot, target));
            }
            catch (Exception ex) when (ex is IOException or StoreRequestException or OperationCanceledException or UnauthorizedAccessException)
            {
                Directory.Delete(staging, recursive: true);
                if (ex is FileNotFoundException or DirectoryNotFoundException)
                {
                    throw new StoreRequestException($"snapshot {name} is damaged: a file of {source.Name} is missing ({ex.Message})", ex);
                }

                throw;
            }

            _store.Attach(target, source.Fields);
            restored.Add(target);
            _logger.LogInformation("Restored index {Index} from snapshot {Snapshot} as {Target}", source.Name, name, target);
        }

        return new RestoreResult(restored, files, bytes);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        if (SnapshotNames.Validate(name) is not null)
        {
            return Task.FromResult(false);
        }

        lock (_names)
        {
            if (_running.ContainsKey(name))
            {
                throw new StoreRequestException($"snapshot {name} is still being taken; delete it when it has finished");
            }

            _restores.TryRemove(name, out _); // a new snapshot of this name has had no restore
            var failed = _failed.TryRemove(name, out _);
            var folder = Path.Combine(Root, name);
            if (!Directory.Exists(folder))
            {
                return Task.FromResult(failed);
            }

            Directory.Delete(folder, recursive: true);
        }

        _logger.LogInformation("Deleted snapshot {Snapshot}", name);
        return Task.FromResult(true);
    }

    private static string Rename(string index, RestoreRequest request)
    {
        if (string.IsNullOrEmpty(request.RenamePattern))
        {
            return index;
        }

        try
        {
            return Regex.Replace(index, request.RenamePattern, request.RenameReplacement ?? string.Empty, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new StoreRequestException($"rename_pattern is not a valid regular expression: {ex.Message}", ex);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new StoreRequestException("rename_pattern took too long to match", ex);
        }
    }

    private SnapshotSummary? Describe(string name)
    {
        if (_running.TryGetValue(name, out var progress))
        {
            return progress.Summary();
        }

        if (_failed.TryGetValue(name, out var failed))
        {
            return failed;
        }

        var folder = Path.Combine(Root, name);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var manifest = ReadManifest(name);
        if (manifest is null)
        {
            var started = Directory.GetCreationTimeUtc(folder);
            return new SnapshotSummary(name, SnapshotState.Failed, new DateTimeOffset(started, TimeSpan.Zero), null, [], 0, 0, 0, 0,
                "incomplete: the console stopped while it was taken, or its manifest is unreadable");
        }

        return new SnapshotSummary(name, manifest.State, manifest.StartedAt, manifest.FinishedAt, manifest.Indices.Select(i => i.Name).ToList(),
            manifest.FileCount, manifest.FileCount, manifest.ByteCount, manifest.ByteCount, null);
    }

    private SnapshotManifest? ReadManifest(string name)
    {
        var path = Path.Combine(Root, name, SnapshotManifest.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SnapshotManifest>(File.ReadAllBytes(path), StorageJson.Options);
        }
        catch (JsonException ex)
        {
            _logger.LogError(ex, "The manifest of snapshot {Snapshot} cannot be read", name);
            return null;
        }
    }

    private async Task CopyAsync(SnapshotProgress progress, string folder, List<(string Name, LuceneIndex Index, IndexCommit Commit)> held)
    {
        var started = progress.Summary().StartedAt;
        try
        {
            var indices = new List<SnapshotManifestIndex>();
            foreach (var (name, index, commit) in held)
            {
                var target = Path.Combine(folder, "indices", name);
                Directory.CreateDirectory(target);
                var files = new List<SnapshotManifestFile>();
                foreach (var file in commit.FileNames.Order(StringComparer.Ordinal))
                {
                    var hash = await CopyFileAsync(Path.Combine(index.Path, file), Path.Combine(target, file), progress.AddBytes, CancellationToken.None);
                    files.Add(new SnapshotManifestFile(file, new FileInfo(Path.Combine(target, file)).Length, hash));
                    progress.AddFile();
                }

                indices.Add(new SnapshotManifestIndex(name, DocCountOf(commit), _store.FieldsOfFamily(name), files));
            }

            var manifest = new SnapshotManifest(progress.Name, SnapshotState.Success, started, _clock.GetUtcNow(), indices);
            var temp = Path.Combine(folder, SnapshotManifest.FileName + ".tmp");
            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(manifest, StorageJson.Options));
            File.Move(temp, Path.Combine(folder, SnapshotManifest.FileName));
            _logger.LogInformation("Snapshot {Snapshot} done: {Files} files, {Bytes} bytes", progress.Name, manifest.FileCount, manifest.ByteCount);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _logger.LogError(ex, "Snapshot {Snapshot} failed", progress.Name);
            var summary = progress.Summary();
            _failed[progress.Name] = summary with { State = SnapshotState.Failed, FinishedAt = _clock.GetUtcNow(), Failure = ex.Message };
            TryDelete(folder);
        }
        finally
        {
            Release(held);
            _running.TryRemove(progress.Name, out _);
        }
    }

    private static long DocCountOf(IndexCommit commit)
    {
        var infos = new SegmentInfos();
        infos.Read(commit.Directory, commit.SegmentsFileName);
        return infos.Sum(s => (long)s.Info.DocCount - s.DelCount);
    }

    /// <summary>Copies a file and returns its SHA-256 (hex), counting bytes into <paramref name="progress"/> as they go.</summary>
    private static async Task<string> CopyFileAsync(string from, string to, Action<long>? copied, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[CopyBufferBytes];
        await using (var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, CopyBufferBytes, useAsync: true))
        await using (var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, useAsync: true))
        {
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied?.Invoke(read);
            }

            await output.FlushAsync(cancellationToken);
            output.Flush(flushToDisk: true);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private void Release(List<(string Name, LuceneIndex Index, IndexCommit Commit)> held)
    {
        foreach (var (name, index, commit) in held)
        {
            try
            {
                index.CommitSnapshots.Release(commit);
                index.Writer.DeleteUnusedFiles();
            }
            catch (ObjectDisposedException)
            {
                // The index was closed or deleted meanwhile: its next writer cleans up.
            }
            catch (IOException ex)
            {
                _logger.LogWarning(ex, "Releasing the snapshotted commit of {Index} failed", name);
            }
        }
    }

    private void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Could not remove the incomplete snapshot folder {Folder}", folder);
        }
    }
}
