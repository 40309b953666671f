using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using Console.Ingest.Pipeline;
using Console.Shared.Events;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>
/// Reads the proc files once per <see cref="Sample"/> and turns them into Metricbeat-style documents: one per metricset,
/// and one per mount, disk and interface. CPU, disk I/O and network are differences between two samples, so the
/// previous counters are kept and the first sample only primes them. A file that cannot be read or understood leaves
/// its metricset out of that sample and is logged once, until it can be read again.
/// </summary>
internal sealed class HostMetricsSampler(
    HostMetricsOptions options,
    string hostName,
    TimeProvider clock,
    ComponentCounters counters,
    ILogger logger,
    Func<string, FilesystemUsage?> statFilesystem)
{
    public const string Service = "host-metrics";

    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);
    private CpuTimes? _cpu;
    private Counters<DiskCounters>? _disks;
    private Counters<InterfaceCounters>? _interfaces;

    public List<JsonObject> Sample()
    {
        var stamp = new Stamp(clock.GetUtcNow(), clock.GetTimestamp(), null);
        if (TryRead("host.uptime", "uptime", ParseUptime, out var uptime))
        {
            stamp = stamp with { Uptime = uptime };
        }

        var documents = new List<JsonObject>();
        int? cores = null;
        if (TryRead("cpu", "stat", CpuStat.Parse, out var stat))
        {
            cores = stat.Cores > 0 ? stat.Cores : null;
            if (_cpu is { } previous && stat.All.Since(previous) is { Total: > 0 } ticks)
            {
                documents.Add(Cpu(stamp, ticks, cores));
            }

            _cpu = stat.All;
        }

        if (TryRead("memory", "meminfo", MemoryInfo.Parse, out var memory))
        {
            documents.Add(Memory(stamp, memory));
        }

        if (TryRead("load", "loadavg", LoadAverage.Parse, out var load))
        {
            documents.Add(Load(stamp, load, cores));
        }

        AddFilesystems(stamp, documents);

        if (TryRead("diskio", "diskstats", DiskCounters.Parse, out var disks))
        {
            var previous = _disks;
            _disks = new Counters<DiskCounters>(stamp.Ticks, disks.DistinctBy(d => d.Name).ToDictionary(d => d.Name, StringComparer.Ordinal));
            if (previous is not null && Seconds(previous, stamp) is > 0 and var seconds)
            {
                foreach (var disk in disks)
                {
                    if (previous.ByName.TryGetValue(disk.Name, out var before) && !WentBack(disk, before))
                    {
                        documents.Add(DiskIo(stamp, disk, before, seconds));
                    }
                }
            }
        }

        if (TryRead("network", Path.Combine("net", "dev"), InterfaceCounters.Parse, out var interfaces))
        {
            var previous = _interfaces;
            _interfaces = new Counters<InterfaceCounters>(stamp.Ticks, interfaces.DistinctBy(i => i.Name).ToDictionary(i => i.Name, StringComparer.Ordinal));
            if (previous is not null && Seconds(previous, stamp) is > 0 and var seconds)
            {
                foreach (var nic in interfaces)
                {
                    if (previous.ByName.TryGetValue(nic.Name, out var before) && !WentBack(nic, before))
                    {
                        documents.Add(Network(stamp, nic, before, seconds));
                    }
                }
            }
        }

        return documents;
    }

    private JsonObject Cpu(Stamp stamp, CpuTimes ticks, int? cores)
    {
        double Share(ulong part) => Math.Round((double)part / ticks.Total, 4);
        var used = Share(ticks.Total - ticks.Idle - ticks.IoWait);
        var cpu = new JsonObject
        {
            ["total"] = Pct(used),
            ["user"] = Pct(Share(ticks.User)),
            ["system"] = Pct(Share(ticks.System)),
            ["nice"] = Pct(Share(ticks.Nice)),
            ["idle"] = Pct(Share(ticks.Idle)),
            ["iowait"] = Pct(Share(ticks.IoWait)),
            ["irq"] = Pct(Share(ticks.Irq)),
            ["softirq"] = Pct(Share(ticks.SoftIrq)),
            ["steal"] = Pct(Share(ticks.Steal)),
        };
        if (cores is not null)
        {
            cpu["cores"] = cores.Value;
        }

        return Document("cpu", stamp, Invariant($"cpu {used * 100:0.0}% used"), cpu);
    }

    private JsonObject Memory(Stamp stamp, MemoryInfo memory)
    {
        var used = memory.Total - Math.Min(memory.Free, memory.Total);
        var actualUsed = memory.Total - memory.Available;
        var actualPct = Fraction(actualUsed, memory.Total);
        var swapUsed = memory.SwapTotal - Math.Min(memory.SwapFree, memory.SwapTotal);
        var values = new JsonObject
        {
            ["total"] = memory.Total,
            ["free"] = memory.Free,
            ["used"] = new JsonObject { ["bytes"] = used, ["pct"] = DoubleValue.Create(Fraction(used, memory.Total)) },
            ["actual"] = new JsonObject
            {
                ["free"] = memory.Available,
                ["used"] = new JsonObject { ["bytes"] = actualUsed, ["pct"] = DoubleValue.Create(actualPct) },
            },
            ["swap"] = new JsonObject
            {
                ["total"] = memory.SwapTotal,
                ["free"] = memory.SwapFree,
                ["used"] = new JsonObject { ["bytes"] = swapUsed, ["pct"] = DoubleValue.Create(Fraction(swapUsed, memory.SwapTotal)) },
            },
        };
        return Document("memory", stamp,
            Invariant($"memory {actualPct * 100:0.0}% used, {Bytes(memory.Available)} of {Bytes(memory.Total)} available"), values);
    }

    private JsonObject Load(Stamp stamp, LoadAverage load, int? cores)
    {
        var values = new JsonObject
        {
            ["1"] = DoubleValue.Create(load.One),
            ["5"] = DoubleValue.Create(load.Five),
            ["15"] = DoubleValue.Create(load.Fifteen),
        };
        if (cores is { } n)
        {
            // Load per core, comparable between machines: above 1 means processes wait for a CPU.
            values["cores"] = n;
            values["norm"] = new JsonObject
            {
                ["1"] = DoubleValue.Create(Math.Round(load.One / n, 4)),
                ["5"] = DoubleValue.Create(Math.Round(load.Five / n, 4)),
                ["15"] = DoubleValue.Create(Math.Round(load.Fifteen / n, 4)),
            };
        }

        return Document("load", stamp, Invariant($"load {load.One:0.00} {load.Five:0.00} {load.Fifteen:0.00}"), values);
    }

    private void AddFilesystems(Stamp stamp, List<JsonObject> documents)
    {
        IEnumerable<MountEntry> targets;
        if (options.DiskMounts.Count > 0)
        {
            // The mount table only adds device and type to the configured mounts, so it is not required here.
            var table = TryRead("filesystem device and type", "mounts", MountEntry.Parse, out var mounts) ? mounts : [];
            targets = options.DiskMounts.Select(m => table.LastOrDefault(e => e.MountPoint == m) ?? new MountEntry(string.Empty, m, string.Empty));
        }
        else if (TryRead("filesystem", "mounts", MountEntry.Parse, out var mounts))
        {
            // The last mount on a path is the one visible there; a device mounted twice (bind mounts) is reported once, at its first path.
            targets = mounts.Where(m => !m.IsPseudo)
                .GroupBy(m => m.MountPoint, StringComparer.Ordinal).Select(g => g.Last())
                .DistinctBy(m => m.Device, StringComparer.Ordinal);
        }
        else
        {
            return;
        }

        foreach (var mount in targets)
        {
            FilesystemUsage? usage;
            try
            {
                usage = statFilesystem(mount.MountPoint);
                Recovered(mount.MountPoint);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                Failed("filesystem", mount.MountPoint, ex);
                continue;
            }

            if (usage is { } space)
            {
                documents.Add(Filesystem(stamp, mount, space));
            }
        }
    }

    private JsonObject Filesystem(Stamp stamp, MountEntry mount, FilesystemUsage space)
    {
        // As df's Use%: space reserved for root is neither used nor available to users.
        var pct = Fraction(space.Used, space.Used + space.Available);
        var values = new JsonObject { ["mount_point"] = mount.MountPoint };
        if (mount.Device.Length > 0)
        {
            values["device_name"] = mount.Device;
        }

        if (mount.Type.Length > 0)
        {
            values["type"] = mount.Type;
        }

        values["total"] = space.Total;
        values["free"] = space.Free;
        values["available"] = space.Available;
        values["used"] = new JsonObject { ["bytes"] = space.Used, ["pct"] = DoubleValue.Create(pct) };
        return Document("filesystem", stamp,
            Invariant($"filesystem {mount.MountPoint} {pct * 100:0.0}% used, {Bytes(space.Available)} available"), values);
    }

    private JsonObject DiskIo(Stamp stamp, DiskCounters disk, DiskCounters before, double seconds)
    {
        var readRate = Rate((disk.SectorsRead - before.SectorsRead) * DiskCounters.SectorBytes, seconds);
        var writeRate = Rate((disk.SectorsWritten - before.SectorsWritten) * DiskCounters.SectorBytes, seconds);
        var values = new JsonObject
        {
            ["name"] = disk.Name,
            ["read"] = new JsonObject
            {
                ["count"] = disk.Reads,
                ["bytes"] = disk.SectorsRead * DiskCounters.SectorBytes,
                ["bytes_per_sec"] = DoubleValue.Create(readRate),
                ["ops_per_sec"] = DoubleValue.Create(Rate(disk.Reads - before.Reads, seconds)),
            },
            ["write"] = new JsonObject
            {
                ["count"] = disk.Writes,
                ["bytes"] = disk.SectorsWritten * DiskCounters.SectorBytes,
                ["bytes_per_sec"] = DoubleValue.Create(writeRate),
                ["ops_per_sec"] = DoubleValue.Create(Rate(disk.Writes - before.Writes, seconds)),
            },
            ["io"] = new JsonObject
            {
                ["time"] = disk.IoMilliseconds,
                // The share of the interval the device had I/O in flight (iostat's %util).
                ["busy_pct"] = DoubleValue.Create(Math.Min(1, Math.Round((disk.IoMilliseconds - before.IoMilliseconds) / (seconds * 1000), 4))),
            },
        };
        return Document("diskio", stamp, Invariant($"diskio {disk.Name} read {Bytes(readRate)}/s, write {Bytes(writeRate)}/s"), values);
    }

    private JsonObject Network(Stamp stamp, InterfaceCounters nic, InterfaceCounters before, double seconds)
    {
        var inRate = Rate(nic.InBytes - before.InBytes, seconds);
        var outRate = Rate(nic.OutBytes - before.OutBytes, seconds);
        var values = new JsonObject
        {
            ["name"] = nic.Name,
            ["in"] = new JsonObject
            {
                ["bytes"] = nic.InBytes,
                ["packets"] = nic.InPackets,
                ["errors"] = nic.InErrors,
                ["dropped"] = nic.InDropped,
                ["bytes_per_sec"] = DoubleValue.Create(inRate),
                ["packets_per_sec"] = DoubleValue.Create(Rate(nic.InPackets - before.InPackets, seconds)),
            },
            ["out"] = new JsonObject
            {
                ["bytes"] = nic.OutBytes,
                ["packets"] = nic.OutPackets,
                ["errors"] = nic.OutErrors,
                ["dropped"] = nic.OutDropped,
                ["bytes_per_sec"] = DoubleValue.Create(outRate),
                ["packets_per_sec"] = DoubleValue.Create(Rate(nic.OutPackets - before.OutPackets, seconds)),
            },
        };
        return Document("network", stamp, Invariant($"network {nic.Name} in {Bytes(inRate)}/s, out {Bytes(outRate)}/s"), values);
    }

    private JsonObject Document(string metricset, Stamp stamp, string message, JsonObject values)
    {
        var host = new JsonObject { ["name"] = hostName };
        if (stamp.Uptime is { } uptime)
        {
            host["uptime"] = uptime;
        }

        return new JsonObject
        {
            [LogSchema.Timestamp] = TimestampParser.Format(stamp.Time),
            [LogSchema.Message] = message,
            [LogSchema.Level] = LogLevels.Info,
            [LogSchema.Service] = Service,
            ["host"] = host,
            ["event"] = new JsonObject { ["module"] = "system", ["dataset"] = "system." + metricset },
            ["metricset"] = new JsonObject { ["name"] = metricset, ["period"] = (long)options.Interval.TotalMilliseconds },
            ["system"] = new JsonObject { [metricset] = values },
        };
    }

    private bool TryRead<T>(string metricset, string file, Func<string, T> parse, [MaybeNullWhen(false)] out T value)
    {
        var path = Path.Combine(options.ProcRoot, file);
        try
        {
            value = parse(File.ReadAllText(path));
            Recovered(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            Failed(metricset, path, ex);
            value = default;
            return false;
        }
    }

    private void Failed(string metricset, string path, Exception error)
    {
        counters.AddFailed(1);
        if (_failing.Add(path))
        {
            logger.LogWarning("Host metrics cannot read {Path}, so {Metricset} is left out until it can: {Reason}", path, metricset, error.Message);
        }
    }

    private void Recovered(string path)
    {
        if (_failing.Remove(path))
        {
            logger.LogInformation("Host metrics can read {Path} again", path);
        }
    }

    private double Seconds<T>(Counters<T> previous, Stamp stamp) => clock.GetElapsedTime(previous.Ticks, stamp.Ticks).TotalSeconds;

    /// <summary>A counter that went backwards means the device was reset or replaced; its rate starts again next sample.</summary>
    private static bool WentBack(DiskCounters now, DiskCounters before) =>
        now.Reads < before.Reads || now.SectorsRead < before.SectorsRead || now.Writes < before.Writes ||
        now.SectorsWritten < before.SectorsWritten || now.IoMilliseconds < before.IoMilliseconds;

    private static bool WentBack(InterfaceCounters now, InterfaceCounters before) =>
        now.InBytes < before.InBytes || now.InPackets < before.InPackets || now.OutBytes < before.OutBytes || now.OutPackets < before.OutPackets;

    private static long ParseUptime(string text) =>
        (long)double.Parse(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static JsonObject Pct(double value) => new() { ["pct"] = DoubleValue.Create(value) };

    private static double Fraction(ulong part, ulong whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static double Rate(ulong delta, double seconds) => Math.Round(delta / seconds, 2);

    private static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return unit == 0 ? Invariant($"{bytes:0} B") : Invariant($"{bytes:0.0} {units[unit]}");
    }

    // Messages read the same whatever the machine's culture ("23.5%", never "23,5%").
    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>When a sample was taken: wall time for <c>@timestamp</c>, monotonic ticks for rates, and the uptime if known.</summary>
    private readonly record struct Stamp(DateTimeOffset Time, long Ticks, long? Uptime);

    /// <summary>The counters of the previous sample by device or interface name, and when they were read.</summary>
    private sealed record Counters<T>(long Ticks, Dictionary<string, T> ByName);
}
