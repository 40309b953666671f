using System.Globalization;
using Console.Shared.Events;
using Console.Shared.Storage.Lifecycle;

namespace Console.Shared.Storage.Embedded;

/// <summary>Index status, force merges and the health check of the embedded store.</summary>
public sealed class EmbeddedIndexAdministration(LuceneLogStore store, RetentionPolicyStore policies, TimeProvider clock) : IIndexAdministration
{
    /// <summary>Below this share of free space on the data folder's disk the store is yellow; below a tenth of it, red.</summary>
    public const double LowDiskFraction = 0.10;

    public Task<IReadOnlyList<IndexStatus>> ListIndexStatusAsync(string indexPattern = "*", CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var current = policies.Current;
        var list = new List<IndexStatus>();
        foreach (var name in store.IndexNamesMatching(indexPattern))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var policy = RetentionPolicies.For(name, current);
            var age = RetentionPolicies.AgeOf(name, now);
            var applied = store.AppliedPhaseOf(name)?.Phase;
            var phase = applied ?? (policy is null || age is null ? IndexPhase.Unmanaged : IndexPhase.Hot);
            var open = store.IsOpen(name);
            var path = Path.Combine(store.IndexRoot, name);
            long docs;
            if (open || phase is not IndexPhase.Cold)
            {
                docs = store.Open(name)?.DocCount ?? 0;
            }
            else
            {
                docs = ClosedDocCount(path);
            }

            list.Add(new IndexStatus(name, docs, SizeOf(path), IndexNames.DayOf(name), phase, policy?.Pattern, age, store.IsReadOnly(name),
                store.SegmentCount(name), store.IsOpen(name) ? "open" : "closed"));
        }

        return Task.FromResult<IReadOnlyList<IndexStatus>>(list);
    }

    public Task<bool> ForceMergeAsync(string name, int maxSegments, CancellationToken cancellationToken = default)
    {
        if (maxSegments is < 1 or > RetentionPolicies.MaxSegments)
        {
            throw new StoreRequestException($"max_num_segments must be between 1 and {RetentionPolicies.MaxSegments}");
        }

        return Task.Run(() => store.ForceMerge(name, maxSegments), cancellationToken);
    }

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var reasons = new List<string>();
        var status = HealthStatus.Green;
        var names = store.IndexNamesMatching("*");
        var closed = 0;
        foreach (var name in names)
        {
            var path = Path.Combine(store.IndexRoot, name);
            if (!Directory.Exists(path))
            {
                reasons.Add($"index {name}: its folder {path} is missing");
                status = HealthStatus.Red;
            }
            else if (!store.IsOpen(name))
            {
                closed++;
                if (!LuceneLogStore.HasCommit(path))
                {
                    reasons.Add($"index {name}: {path} holds no Lucene commit");
                    status = HealthStatus.Red;
                }
            }
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = store.IndexRoot,
            ["indices"] = names.Count.ToString(CultureInfo.InvariantCulture),
            ["closed_indices"] = closed.ToString(CultureInfo.InvariantCulture),
            ["refused_writes"] = store.RefusedWrites.ToString(CultureInfo.InvariantCulture),
        };

        try
        {
            var probe = Path.Combine(store.IndexRoot, ".health-probe");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reasons.Add($"the index folder {store.IndexRoot} is not writable: {ex.Message}");
            status = HealthStatus.Red;
        }

        var drive = DiskOf(store.IndexRoot);
        if (drive is not null && drive.TotalSize > 0)
        {
            var free = (double)drive.AvailableFreeSpace / drive.TotalSize;
            details["disk_free_bytes"] = drive.AvailableFreeSpace.ToString(CultureInfo.InvariantCulture);
            details["disk_total_bytes"] = drive.TotalSize.ToString(CultureInfo.InvariantCulture);
            if (free < LowDiskFraction / 10)
            {
                reasons.Add($"the data disk is {1 - free:P1} full");
                status = HealthStatus.Red;
            }
            else if (free < LowDiskFraction)
            {
                reasons.Add($"the data disk is {1 - free:P1} full");
                status = status == HealthStatus.Red ? status : HealthStatus.Yellow;
            }
        }

        return Task.FromResult(new StoreHealth("embedded", status, reasons, details));
    }

    /// <summary>The drive holding <paramref name="path"/>: the mount with the longest matching root.</summary>
    public static DriveInfo? DiskOf(string path)
    {
        var full = Path.GetFullPath(path);
        return DriveInfo.GetDrives()
            .Where(d => d.IsReady && full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .OrderByDescending(d => d.RootDirectory.FullName.Length)
            .FirstOrDefault();
    }

    private static long SizeOf(string path) =>
        Directory.Exists(path)
            ? new DirectoryInfo(path).EnumerateFiles().Where(f => f.Name != Lucene.Net.Index.IndexWriter.WRITE_LOCK_NAME).Sum(f => f.Length)
            : 0;

    private static long ClosedDocCount(string path)
    {
        using var directory = Lucene.Net.Store.FSDirectory.Open(path);
        var infos = new Lucene.Net.Index.SegmentInfos();
        infos.Read(directory);
        return infos.Sum(s => (long)s.Info.DocCount - s.DelCount);
    }
}
