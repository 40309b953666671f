using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// What makes a file the same file across renames: its device and inode. Where inodes cannot be read (not 64-bit
/// Linux), a hash of the path stands in, so renamed files are not followed there; the head check still catches a
/// file replaced at the same path.
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    public override string ToString() => $"{Device}:{Inode}";

    /// <summary>The identity of the file at a path, if it is a regular file (FIFOs and devices are never tailed).</summary>
    public static bool TryOf(string path, out FileIdentity identity)
    {
        identity = default;
        if (UnixFileStatus.IsSupported)
        {
            if (!UnixFileStatus.TryGet(path, out var status) || !status.IsRegularFile)
            {
                return false;
            }

            identity = new FileIdentity(status.Device, status.Inode);
            return true;
        }

        if (!File.Exists(path))
        {
            return false;
        }

        identity = FromPath(path);
        return true;
    }

    /// <summary>The identity of an open file; null when it cannot be read.</summary>
    public static FileIdentity? Of(SafeFileHandle handle, string path)
    {
        if (!UnixFileStatus.IsSupported)
        {
            return FromPath(path);
        }

        return UnixFileStatus.TryGet(handle, out var status) && status.IsRegularFile
            ? new FileIdentity(status.Device, status.Inode)
            : null;
    }

    /// <summary>True when the open file has no name left (deleted); false when unknown.</summary>
    public static bool IsDeleted(SafeFileHandle handle, string path) =>
        UnixFileStatus.IsSupported
            ? UnixFileStatus.TryGet(handle, out var status) && status.Links == 0
            : !File.Exists(path);

    private static FileIdentity FromPath(string path)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(path)));
        return new FileIdentity(0, BitConverter.ToUInt64(hash, 0));
    }
}
