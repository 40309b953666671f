using Console.Ingest.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// Follows log files the way Filebeat does: expands each input's globs every <see cref="FileTailOptions.ScanInterval"/>,
/// reads new lines from every matched file, hands them to the pipeline in batches and records in the registry how far
/// each file was read once the pipeline has made the events durable. A file is known by its device and inode, so a
/// renamed (rotated) file is read to its end before the new file at its path, and a truncated one is read again from 0.
/// </summary>
public sealed class FileTailReceiver : BackgroundService
{
    private const int BatchesPerTurn = 8;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly FileTailOptions _options;
    private readonly IIngestPipeline _pipeline;
    private readonly IngestStats _stats;
    private readonly TimeProvider _time;
    private readonly ILogger<FileTailReceiver> _logger;
    private readonly List<TailedFile> _files = [];
    private readonly Dictionary<(string Input, FileIdentity Identity), TailedFile> _byIdentity = [];
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private readonly byte[] _scratch = new byte[64 * 1024];
    private FileRegistry? _registry;
    private DateTimeOffset _lastSave;
    private long _lastSince;

    public FileTailReceiver(
        IOptions<FileTailOptions> options,
        IIngestPipeline pipeline,
        IngestStats stats,
        TimeProvider timeProvider,
        ILogger<FileTailReceiver> logger)
    {
        _options = options.Value;
        _pipeline = pipeline;
        _stats = stats;
        _time = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled || _options.Inputs.Count == 0)
        {
            _logger.LogInformation("File tailing is off (Ingest:Files:Enabled is false or no inputs are configured)");
            return;
        }

        var inputs = _options.Inputs.Select(o => new FileInput(o, _stats)).ToList();
        _registry = FileRegistry.Load(_options.RegistryPath, _logger);
        _logger.LogInformation("Tailing files for {Count} inputs; registry {Registry}", inputs.Count, _registry.FilePath);
        try
        {
            var firstScan = true;
            var nextScan = DateTimeOffset.MinValue;
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_time.GetUtcNow() >= nextScan)
                {
                    foreach (var input in inputs)
                    {
                        Scan(input, firstScan);
                    }

                    firstScan = false;
                    SaveRegistry(force: false);
                    nextScan = _time.GetUtcNow() + _options.ScanInterval;
                }

                if (!await ReadAllAsync(stoppingToken))
                {
                    SaveRegistry(force: true); // idle: whatever a flush interval held back goes to disk now
                    await Task.Delay(IdleWait(nextScan), _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: events read but not accepted are read again on the next start, from the registry's offsets.
        }
        finally
        {
            foreach (var file in _files)
            {
                file.Dispose();
            }

            _files.Clear();
            _byIdentity.Clear();
            SaveRegistry(force: true);
        }
    }

    private void Scan(FileInput input, bool firstScan)
    {
        var registry = _registry!;
        var startAtEnd = input.Options.StartAt == FileStartPosition.End && !registry.HasStarted(input.Name);
        var matched = new List<(string Path, FileIdentity Identity)>();
        var seen = new HashSet<FileIdentity>();
        foreach (var glob in input.Globs)
        {
            foreach (var path in glob.Expand())
            {
                // The same file reached by two globs or a symlink is read once.
                if (!input.IsExcluded(path) && FileIdentity.TryOf(path, out var identity) && seen.Add(identity))
                {
                    matched.Add((path, identity));
                }
            }
        }

        if (firstScan)
        {
            // Files rotated while we were stopped hold lines older than the new files at their paths: read them first.
            var rotated = registry.Entries
                .Where(e => e.Input == input.Name && !seen.Contains(e.Identity))
                .Select(FindBeside)
                .OfType<string>();
            OpenOldestFirst(input, rotated, startAtEnd: false, inGlob: false);
        }

        var discovered = new List<string>();
        foreach (var (path, identity) in matched)
        {
            if (_byIdentity.TryGetValue((input.Name, identity), out var known))
            {
                known.InGlob = true;
                if (known.Path != path)
                {
                    known.Path = path;
                    UpdateEntry(known);
                }

                continue;
            }

            discovered.Add(path);
        }

        OpenOldestFirst(input, discovered, startAtEnd, inGlob: true);

        foreach (var file in _files)
        {
            if (file.Input == input && !seen.Contains(file.Identity))
            {
                file.InGlob = false; // renamed away or deleted: read to its end, then closed
            }
        }

        if (firstScan)
        {
            // Entries of files that disappeared while we were stopped would otherwise wait for an inode to be reused.
            var stales = registry.Entries
                .Where(e => e.Input == input.Name && !seen.Contains(e.Identity) && !_byIdentity.ContainsKey((input.Name, e.Identity)))
                .ToList();
            foreach (var stale in stales)
            {
                _logger.LogInformation("File {Path} of input {Input} is gone; forgetting its offset {Offset}", stale.Path, input.Name, stale.Offset);
                registry.Remove(stale.Input, stale.Identity);
            }
        }

        registry.MarkStarted(input.Name);
    }

    /// <summary>
    /// Opens newly found files and tracks them oldest first: files are read in the order they are tracked, so rotated
    /// files found together (app.log.2, app.log.1) are read before newer ones. The time comes from the open handle, as
    /// the names may move on meanwhile.
    /// </summary>
    private void OpenOldestFirst(FileInput input, IEnumerable<string> paths, bool startAtEnd, bool inGlob)
    {
        var opened = new List<(string Path, SafeFileHandle Handle, FileIdentity Identity, DateTime Modified)>();
        foreach (var path in paths)
        {
            if (TryOpen(input, path) is not { } candidate)
            {
                continue;
            }

            var (handle, identity) = candidate;

            if (opened.Any(o => o.Identity == identity))
            {
                handle.Dispose(); // the same file under two names, renamed while we looked
                continue;
            }

            opened.Add((path, handle, identity, File.GetLastWriteTimeUtc(handle)));
        }

        foreach (var (path, handle, identity, _) in opened.OrderBy(o => o.Modified))
        {
            Track(input, path, handle, identity, startAtEnd, inGlob);
        }
    }

    private (SafeFileHandle Handle, FileIdentity Identity)? TryOpen(FileInput input, string path)
    {
        SafeFileHandle handle;
        try
        {
            // Delete sharing lets logrotate (or Windows) remove a file we still read.
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (_unreadable.Add(path))
            {
                _logger.LogWarning(ex, "Cannot open {Path} for input {Input}", path, input.Name);
            }

            return null;
        }

        _unreadable.Remove(path);

        // The handle's own identity, not the path's: the path may have been rotated between the scan and the open.
        if (FileIdentity.Of(handle, path) is not { } identity || _byIdentity.ContainsKey((input.Name, identity)))
        {
            handle.Dispose();
            return null;
        }

        return (handle, identity);
    }

    private void Track(FileInput input, string path, SafeFileHandle handle, FileIdentity identity, bool startAtEnd, bool inGlob)
    {
        var now = _time.GetUtcNow();
        var length = RandomAccess.GetLength(handle);
        var entry = _registry!.Find(input.Name, identity);
        long offset;
        long since;
        if (entry is not null && IsSameContent(entry, handle, length))
        {
            offset = entry.Offset;
            since = entry.Since;
        }
        else
        {
            if (entry is not null)
            {
                _logger.LogInformation("File {Path} was truncated or replaced since offset {Offset} was recorded; reading it from the start", path, entry.Offset);
            }

            offset = startAtEnd && entry is null ? length : 0;
            since = NextSince(now);
        }

        var file = new TailedFile(input, identity, path, handle, offset, since, _options.MaxLineBytes, now) { InGlob = inGlob };
        _files.Add(file);
        _byIdentity[(input.Name, identity)] = file;
        UpdateEntry(file);
        _logger.LogInformation("Reading {Path} for input {Input} from offset {Offset}", path, input.Name, offset);
    }

    private static bool IsSameContent(FileRegistryEntry entry, SafeFileHandle handle, long length)
    {
        if (entry.Offset > length)
        {
            return false;
        }

        if (entry.HeadLength == 0 || entry.HeadHash is null)
        {
            return true;
        }

        return TailedFile.ReadHead(handle, entry.HeadLength) is { } head &&
            string.Equals(TailedFile.HashHead(head), entry.HeadHash, StringComparison.Ordinal);
    }

    // Rotation renames within a directory (app.log -> app.log.1), so that is where a lost file is looked for.
    private static string? FindBeside(FileRegistryEntry entry)
    {
        var directory = Path.GetDirectoryName(entry.Path);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return null;
        }

        try
        {
            foreach (var candidate in Directory.EnumerateFiles(directory))
            {
                if (FileIdentity.TryOf(candidate, out var identity) && identity == entry.Identity)
                {
                    return candidate;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    /// <summary>
    /// One pass over the files; true when any events were sent. Files rotated away are read to their end first, so
    /// their lines come before those of the new file at their path; files still matched take turns of a few batches,
    /// so one file's backlog does not hold up the others (nor the next scan).
    /// </summary>
    private async Task<bool> ReadAllAsync(CancellationToken cancellationToken)
    {
        var progressed = false;
        foreach (var file in _files.Where(f => !f.InGlob).ToList())
        {
            progressed |= await DrainAsync(file, int.MaxValue, cancellationToken);
        }

        foreach (var file in _files.Where(f => f.InGlob).ToList())
        {
            progressed |= await DrainAsync(file, BatchesPerTurn, cancellationToken);
        }

        return progressed;
    }

    private async Task<bool> DrainAsync(TailedFile file, int maxBatches, CancellationToken cancellationToken)
    {
        var progressed = false;
        for (var batches = 0; ; batches++)
        {
            var now = _time.GetUtcNow();
            var batch = new RecordBatch(_options.BatchSize);
            long length;
            bool more;
            try
            {
                length = file.Length();
                if (file.WasTruncated(length))
                {
                    _logger.LogInformation("File {Path} was truncated; reading it again from the start", file.Path);
                    file.FlushAll(batch, now);
                    await SubmitAsync(file.Input, batch, cancellationToken);
                    file.Restart(NextSince(now));
                    UpdateEntry(file);
                    SaveRegistry(force: true); // a stale entry would replay the new content under other ids
                    progressed = true;
                    continue;
                }

                more = file.Read(length, _scratch, batch, now);
                if (!more && file.ReadOffset >= length)
                {
                    // Only at the end of the file: unread lines there may continue the pending event (e.g. after backpressure).
                    file.FlushExpired(batch, now);
                }
            }
            catch (IOException ex)
            {
                _logger.LogWarning(ex, "Reading {Path} failed; will retry", file.Path);
                return progressed;
            }

            var finished = !more && !file.InGlob && file.ReadOffset >= length &&
                (file.IsDeleted() || now - file.LastChange >= _options.CloseInactive);
            if (finished)
            {
                file.FlushAll(batch, now);
            }

            var committable = file.CommittableOffset;
            if (batch.Count > 0)
            {
                await SubmitAsync(file.Input, batch, cancellationToken);
                progressed = true;
            }

            if (committable != file.CommittedOffset)
            {
                // Only now, with the events durable, may a restart skip these bytes.
                file.Commit(committable);
                UpdateEntry(file);
                SaveRegistry(force: false);
            }

            if (finished)
            {
                Close(file);
                return progressed;
            }

            if (!more || batches + 1 >= maxBatches)
            {
                return progressed;
            }

            // A backlog with a pipeline that answers synchronously would otherwise hold a pool thread for its whole length.
            await Task.Yield();
        }
    }

    /// <summary>Hands a batch to the pipeline, waiting for room; a failure is retried with backoff, never skipped.</summary>
    private async Task SubmitAsync(FileInput input, RecordBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var result = await _pipeline.SubmitAsync(batch.Records, BackpressureMode.Wait, cancellationToken);
                if (!result.QueueFull)
                {
                    input.Counters.AddReceived(batch.Count, _time.GetUtcNow());
                    return;
                }

                _logger.LogWarning("Pipeline refused {Count} events of input {Input} as queue full; retrying in {Delay}", batch.Count, input.Name, delay);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Pipeline failed {Count} events of input {Input}; retrying in {Delay}", batch.Count, input.Name, delay);
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private void Close(TailedFile file)
    {
        _logger.LogInformation("Closed {Path} of input {Input}: {Reason} and read to offset {Offset}",
            file.Path, file.Input.Name, file.IsDeleted() ? "deleted" : "rotated away", file.CommittedOffset);
        file.Dispose();
        _files.Remove(file);
        _byIdentity.Remove((file.Input.Name, file.Identity));
        _registry!.Remove(file.Input.Name, file.Identity);
        SaveRegistry(force: false);
    }

    private void SaveRegistry(bool force)
    {
        var registry = _registry!;
        var now = _time.GetUtcNow();
        if (!registry.IsDirty || (!force && now - _lastSave < _options.RegistryFlushInterval))
        {
            return;
        }

        if (registry.TrySave())
        {
            _lastSave = now;
        }
    }

    private void UpdateEntry(TailedFile file) =>
        _registry!.Set(new FileRegistryEntry
        {
            Input = file.Input.Name,
            Device = file.Identity.Device,
            Inode = file.Identity.Inode,
            Path = file.Path,
            Offset = file.CommittedOffset,
            Since = file.Since,
            HeadLength = file.HeadLength,
            HeadHash = file.HeadHash,
        });

    // Unique per file content even when two files are opened in the same millisecond.
    private long NextSince(DateTimeOffset now) => _lastSince = Math.Max(now.ToUnixTimeMilliseconds(), _lastSince + 1);

    private TimeSpan IdleWait(DateTimeOffset nextScan)
    {
        var now = _time.GetUtcNow();
        var wake = nextScan;
        foreach (var file in _files)
        {
            if (file.NextDeadline is { } deadline && deadline < wake)
            {
                wake = deadline;
            }
        }

        var wait = wake - now;
        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > _options.ScanInterval ? _options.ScanInterval : wait;
    }
}
