using Console.Ingest.Sources.HostMetrics;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.HostMetrics;

/// <summary>
/// A proc tree in a temp folder with known numbers: <see cref="First"/> writes the first sample's files and
/// <see cref="Second"/> the counters 10 seconds later; the expected values are worked out in the tests that use them.
/// </summary>
internal sealed class FakeProc : IDisposable
{
    private readonly TempDirectory _dir = new();

    public FakeProc() => Directory.CreateDirectory(_dir.Combine("net"));

    public string Root => _dir.Path;

    /// <summary>What the fake statvfs says per mount point; a mount point missing here is not a directory.</summary>
    public Dictionary<string, FilesystemUsage> Space { get; } = new(StringComparer.Ordinal)
    {
        ["/"] = new(Total: 1100, Free: 500, Available: 400),
        ["/data disk"] = new(Total: 2000, Free: 1500, Available: 1500),
        ["/var/lib/docker/bind"] = new(Total: 1100, Free: 500, Available: 400),
    };

    /// <summary>Every mount point the source asked the size of, in order.</summary>
    public List<string> Asked { get; } = [];

    public FilesystemUsage? Stat(string mountPoint)
    {
        Asked.Add(mountPoint);
        return Space.TryGetValue(mountPoint, out var usage) ? usage : null;
    }

    public FakeProc Write(string file, string text)
    {
        File.WriteAllText(Path.Combine(Root, file), text);
        return this;
    }

    public void Delete(string file) => File.Delete(Path.Combine(Root, file));

    public FakeProc First() => Write("stat", """
            cpu  1000 0 500 8000 200 0 0 0 0 0
            cpu0 250 0 125 2000 50 0 0 0 0 0
            cpu1 250 0 125 2000 50 0 0 0 0 0
            cpu2 250 0 125 2000 50 0 0 0 0 0
            cpu3 250 0 125 2000 50 0 0 0 0 0
            intr 123 0 0
            ctxt 456
            btime 1700000000
            """)
        .Write("meminfo", """
            MemTotal:        8000000 kB
            MemFree:         2000000 kB
            MemAvailable:    6000000 kB
            Buffers:          100000 kB
            Cached:          3000000 kB
            SwapCached:            0 kB
            SwapTotal:       1000000 kB
            SwapFree:         750000 kB
            HugePages_Total:       0
            """)
        .Write("loadavg", "1.50 1.00 0.50 2/345 6789\n")
        .Write("uptime", "12345.67 40000.00\n")
        .Write("mounts", """
            proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
            sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
            /dev/sda1 / ext4 rw,relatime 0 0
            tmpfs /run tmpfs rw,nosuid,nodev,size=1612160k,mode=755 0 0
            cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0
            overlay /var/lib/docker/overlay2/abc/merged overlay rw,relatime,lowerdir=/x 0 0
            /dev/sdb1 /data\040disk xfs rw,relatime 0 0
            /dev/sda1 /var/lib/docker/bind ext4 rw,relatime 0 0
            /dev/loop0 /snap/core/1 squashfs ro,nodev,relatime 0 0
            /dev/sda1 /etc/hosts ext4 rw,relatime 0 0
            """)
        .Write("diskstats", """
               7       0 loop0 10 0 80 0 0 0 0 0 0 4 0 0 0 0 0 0 0
               1       0 ram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
               8       0 sda 100 0 2000 0 50 0 4000 0 0 300 0 0 0 0 0 0 0
               8       1 sda1 90 0 1900 0 50 0 4000 0 0 290 0 0 0 0 0 0 0
               8      16 sdb 500 0 9000 0 400 0 8000 0 0 900 0 0 0 0 0 0 0
            """)
        .Write(Path.Combine("net", "dev"), """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
              eth0:    5000      40    1    2    0     0          0         0     7000      60    3    4    0     0       0          0
              eth1:100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0
            """);

    /// <summary>
    /// Ten seconds later. CPU: +300 user, +100 system, +500 idle, +100 iowait (and +100 guest, already inside user).
    /// sda: +50 reads, +20480 sectors read, +20 writes, +2000 sectors written, +2500 ms busy. sdb was reset; sdc is new.
    /// eth0: +204800 bytes and +200 packets in, +51200 bytes and +50 packets out, 4 more errors in, 2 more drops out.
    /// </summary>
    public FakeProc Second() => Write("stat", """
            cpu  1300 0 600 8500 300 0 0 0 100 0
            cpu0 325 0 150 2125 75 0 0 0 25 0
            cpu1 325 0 150 2125 75 0 0 0 25 0
            cpu2 325 0 150 2125 75 0 0 0 25 0
            cpu3 325 0 150 2125 75 0 0 0 25 0
            intr 789 0 0
            """)
        .Write("uptime", "12355.67 40040.00\n")
        .Write("diskstats", """
               7       0 loop0 20 0 160 0 0 0 0 0 0 8 0 0 0 0 0 0 0
               1       0 ram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
               8       0 sda 150 0 22480 0 70 0 6000 0 0 2800 0 0 0 0 0 0 0
               8       1 sda1 90 0 1900 0 50 0 4000 0 0 290 0 0 0 0 0 0 0
               8      16 sdb 5 0 90 0 4 0 80 0 0 9 0 0 0 0 0 0 0
               8      32 sdc 1 0 8 0 0 0 0 0 0 1 0 0 0 0 0 0 0
            """)
        .Write(Path.Combine("net", "dev"), """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
              eth0:  209800     240    5    2    0     0          0         0    58200     110    3    6    0     0       0          0
              eth1:100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0
            """);

    public void Dispose() => _dir.Dispose();
}
