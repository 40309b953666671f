namespace Console.Ingest.Sources.HostMetrics;

/// <summary>The space of one mounted filesystem in bytes, as statvfs reports it.</summary>
internal readonly record struct FilesystemUsage(ulong Total, ulong Free, ulong Available)
{
    /// <summary>What <c>df</c> shows: free space reserved for root counts neither as used nor as available.</summary>
    public ulong Used => Total >= Free ? Total - Free : 0;

    /// <summary>The usage of the filesystem mounted at <paramref name="mountPoint"/>, or null when it is a file (a bind-mounted /etc/hosts in a container) or has no size.</summary>
    public static FilesystemUsage? Of(string mountPoint)
    {
        if (!Directory.Exists(mountPoint))
        {
            return null;
        }

        // DriveInfo on Unix is a statvfs of the path, without P/Invoke of our own.
        var drive = new DriveInfo(mountPoint);
        var total = drive.TotalSize;
        return total <= 0 ? null : new FilesystemUsage((ulong)total, (ulong)drive.TotalFreeSpace, (ulong)drive.AvailableFreeSpace);
    }
}
