using System.Collections.Frozen;
using System.Text;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>One line of <c>/proc/mounts</c>: what is mounted where, as which filesystem type.</summary>
internal sealed record MountEntry(string Device, string MountPoint, string Type)
{
    /// <summary>
    /// Filesystems without disk space of their own: kernel views (proc, sysfs, cgroup, ...), memory (tmpfs), container
    /// layers (overlay) and read-only images that are always full (squashfs snaps), which would only raise false alarms.
    /// </summary>
    private static readonly FrozenSet<string> PseudoTypes = new[]
    {
        "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "cpuset", "debugfs", "devfs", "devpts", "devtmpfs",
        "efivarfs", "fuse.gvfsd-fuse", "fuse.lxcfs", "fuse.portal", "fusectl", "hugetlbfs", "mqueue", "nsfs", "overlay",
        "aufs", "proc", "pstore", "ramfs", "rootfs", "rpc_pipefs", "securityfs", "selinuxfs", "shm", "squashfs", "sysfs",
        "tmpfs", "tracefs", "none",
    }.ToFrozenSet(StringComparer.Ordinal);

    public bool IsPseudo => PseudoTypes.Contains(Type);

    public static IReadOnlyList<MountEntry> Parse(string text)
    {
        var mounts = new List<MountEntry>();
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 3)
            {
                mounts.Add(new MountEntry(Unescape(f[0]), Unescape(f[1]), f[2]));
            }
        }

        return mounts;
    }

    /// <summary>The kernel writes space, tab, newline and backslash in paths as octal escapes (<c>\040</c>).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
