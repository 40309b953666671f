using System.Text.Json.Nodes;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.HostMetrics;
using Console.Ingest.Tests.Support;
using Console.Ingest.Transforms;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Sources.HostMetrics;

public sealed class HostMetricsSourceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeProc _proc = new();
    private readonly CollectingPipeline _pipeline = new();
    private readonly IngestStats _stats = new();
    private readonly ManualClock _clock = new(Start);
    private readonly CollectingLogger<HostMetricsSource> _logger = new();

    public void Dispose() => _proc.Dispose();

    private HostMetricsSource Source(Action<HostMetricsOptions>? configure = null)
    {
        var options = new HostMetricsOptions { ProcRoot = _proc.Root, IndexBase = "metrics-test" };
        configure?.Invoke(options);
        return new HostMetricsSource(
            Options.Create(options), Options.Create(new TransformOptions { HostName = "web-1" }), _pipeline, _stats, _clock, _logger, _proc.Stat);
    }

    /// <summary>Samples the first files, then the second ones 10 s later; returns the second sample's documents.</summary>
    private async Task<IReadOnlyList<JsonObject>> TwoSamplesAsync(HostMetricsSource source)
    {
        _proc.First();
        await source.SampleAsync(CancellationToken.None);
        var before = _pipeline.Count;
        _clock.Advance(TimeSpan.FromSeconds(10));
        _proc.Second();
        await source.SampleAsync(CancellationToken.None);
        return Documents.Skip(before).ToList();
    }

    /// <summary>What was submitted, as the store gets it after the durable queue: written to JSON and read back.</summary>
    private IReadOnlyList<JsonObject> Documents => _pipeline.Records.Select(r => JsonNode.Parse(r.Fields.ToJsonString())!.AsObject()).ToList();

    private static JsonObject Single(IEnumerable<JsonObject> documents, string metricset, string? name = null) =>
        Assert.Single(documents, d => Text(d, "metricset.name") == metricset &&
                                      (name is null || Text(d, $"system.{metricset}.name") == name || Text(d, "system.filesystem.mount_point") == name));

    private static string? Text(JsonObject document, string path) => EventField.Text(document, path);

    private static double Number(JsonObject document, string path) =>
        EventField.Get(document, path) is JsonValue value ? value.GetValue<double>() : throw new Xunit.Sdk.XunitException($"{path} is missing in {document.ToJsonString()}");

    private static long Long(JsonObject document, string path) =>
        EventField.Get(document, path) is JsonValue value ? value.GetValue<long>() : throw new Xunit.Sdk.XunitException($"{path} is missing in {document.ToJsonString()}");

    [Fact]
    public async Task The_first_sample_emits_memory_load_and_filesystems_and_only_primes_cpu_diskio_and_network()
    {
        var source = Source();
        _proc.First();

        var submitted = await source.SampleAsync(CancellationToken.None);

        var sets = _pipeline.Records.Select(r => Text(r.Fields, "metricset.name")).ToList();
        Assert.Equal(["memory", "load", "filesystem", "filesystem"], sets);
        Assert.Equal(4, submitted);
        Assert.Equal([BackpressureMode.Wait], _pipeline.Modes);
        Assert.All(_pipeline.Records, r =>
        {
            Assert.Equal("host-metrics", r.Input);
            Assert.Equal("metrics-test", r.IndexBase);
            Assert.Null(r.Parser);
        });
    }

    [Fact]
    public async Task Every_document_carries_the_common_ecs_fields()
    {
        var documents = await TwoSamplesAsync(Source());

        Assert.Equal(["cpu", "memory", "load", "filesystem", "filesystem", "diskio", "diskio", "network", "network", "network"],
            documents.Select(d => Text(d, "metricset.name")));
        Assert.All(documents, d =>
        {
            var set = Text(d, "metricset.name");
            Assert.Equal("2026-11-24T10:00:10.000Z", Text(d, "@timestamp"));
            Assert.Equal("web-1", Text(d, "host.name"));
            Assert.Equal(12355, Long(d, "host.uptime"));
            Assert.Equal("system." + set, Text(d, "event.dataset"));
            Assert.Equal("system", Text(d, "event.module"));
            Assert.Equal(10000, Long(d, "metricset.period"));
            Assert.Equal("host-metrics", Text(d, "service"));
            Assert.Equal("INFO", Text(d, "log_level"));
            Assert.False(string.IsNullOrEmpty(Text(d, "message")));
        });
    }

    [Fact]
    public async Task Cpu_percentages_are_fractions_of_the_ticks_between_two_samples()
    {
        var cpu = Single(await TwoSamplesAsync(Source()), "cpu");

        // 1000 ticks passed: 300 user, 100 system, 500 idle, 100 iowait; guest ticks are inside user already.
        Assert.Equal(0.4, Number(cpu, "system.cpu.total.pct"));
        Assert.Equal(0.3, Number(cpu, "system.cpu.user.pct"));
        Assert.Equal(0.1, Number(cpu, "system.cpu.system.pct"));
        Assert.Equal(0.5, Number(cpu, "system.cpu.idle.pct"));
        Assert.Equal(0.1, Number(cpu, "system.cpu.iowait.pct"));
        Assert.Equal(0, Number(cpu, "system.cpu.steal.pct"));
        Assert.Equal(4, Long(cpu, "system.cpu.cores"));
        Assert.Equal("cpu 40.0% used", Text(cpu, "message"));
    }

    [Fact]
    public async Task Memory_reports_used_with_and_without_the_page_cache_and_swap()
    {
        _proc.First();
        await Source().SampleAsync(CancellationToken.None);
        var memory = Single(Documents, "memory");

        Assert.Equal(8_192_000_000, Long(memory, "system.memory.total"));
        Assert.Equal(2_048_000_000, Long(memory, "system.memory.free"));
        Assert.Equal(6_144_000_000, Long(memory, "system.memory.used.bytes"));
        Assert.Equal(0.75, Number(memory, "system.memory.used.pct"));
        Assert.Equal(6_144_000_000, Long(memory, "system.memory.actual.free"));
        Assert.Equal(2_048_000_000, Long(memory, "system.memory.actual.used.bytes"));
        Assert.Equal(0.25, Number(memory, "system.memory.actual.used.pct"));
        Assert.Equal(1_024_000_000, Long(memory, "system.memory.swap.total"));
        Assert.Equal(256_000_000, Long(memory, "system.memory.swap.used.bytes"));
        Assert.Equal(0.25, Number(memory, "system.memory.swap.used.pct"));
        Assert.Equal("memory 25.0% used, 5.7 GiB of 7.6 GiB available", Text(memory, "message"));
    }

    [Fact]
    public async Task Memory_without_MemAvailable_estimates_it_from_free_buffers_and_cache()
    {
        _proc.First().Write("meminfo", "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n");
        await Source().SampleAsync(CancellationToken.None);

        var memory = Single(Documents, "memory");
        Assert.Equal(400 * 1024, Long(memory, "system.memory.actual.free"));
        Assert.Equal(0.6, Number(memory, "system.memory.actual.used.pct"));
        Assert.Equal(0, Number(memory, "system.memory.swap.used.pct"));
    }

    [Fact]
    public async Task Load_is_reported_as_is_and_per_core()
    {
        _proc.First();
        await Source().SampleAsync(CancellationToken.None);
        var load = Single(Documents, "load");

        Assert.Equal(1.5, Number(load, "system.load.1"));
        Assert.Equal(1.0, Number(load, "system.load.5"));
        Assert.Equal(0.5, Number(load, "system.load.15"));
        Assert.Equal(4, Long(load, "system.load.cores"));
        Assert.Equal(0.375, Number(load, "system.load.norm.1"));
        Assert.Equal(0.125, Number(load, "system.load.norm.15"));
        Assert.Equal("load 1.50 1.00 0.50", Text(load, "message"));
    }

    [Fact]
    public async Task Filesystems_are_the_real_ones_of_the_mount_table_each_device_once()
    {
        _proc.First();
        await Source().SampleAsync(CancellationToken.None);
        var documents = Documents.ToList();

        // proc, sysfs, tmpfs, cgroup2, overlay and squashfs are skipped; the bind mounts of /dev/sda1 are not asked again.
        Assert.Equal(["/", "/data disk"], _proc.Asked);
        var root = Single(documents, "filesystem", "/");
        Assert.Equal("/dev/sda1", Text(root, "system.filesystem.device_name"));
        Assert.Equal("ext4", Text(root, "system.filesystem.type"));
        Assert.Equal(1100, Long(root, "system.filesystem.total"));
        Assert.Equal(500, Long(root, "system.filesystem.free"));
        Assert.Equal(400, Long(root, "system.filesystem.available"));
        Assert.Equal(600, Long(root, "system.filesystem.used.bytes"));
        // As df: 600 used of the 1000 users can have; the 100 reserved for root are left out.
        Assert.Equal(0.6, Number(root, "system.filesystem.used.pct"));
        Assert.Equal("filesystem / 60.0% used, 400 B available", Text(root, "message"));

        var data = Single(documents, "filesystem", "/data disk");
        Assert.Equal("xfs", Text(data, "system.filesystem.type"));
        Assert.Equal(0.25, Number(data, "system.filesystem.used.pct"));
    }

    [Fact]
    public async Task Configured_disk_mounts_are_the_only_ones_reported()
    {
        _proc.First();
        await Source(o => o.DiskMounts = ["/var/lib/docker/bind", "/not-a-directory"]).SampleAsync(CancellationToken.None);

        var filesystems = Documents.Where(d => Text(d, "metricset.name") == "filesystem").ToList();
        Assert.Equal(["/var/lib/docker/bind", "/not-a-directory"], _proc.Asked);
        var bind = Assert.Single(filesystems);
        Assert.Equal("/var/lib/docker/bind", Text(bind, "system.filesystem.mount_point"));
        Assert.Equal("ext4", Text(bind, "system.filesystem.type"));
    }

    [Fact]
    public async Task Disk_io_rates_come_from_the_counters_of_two_samples()
    {
        var documents = await TwoSamplesAsync(Source());

        // loop and ram devices are skipped, sdb went backwards (reset) and sdc is new: both start again next sample.
        Assert.Equal(["sda", "sda1"], documents.Where(d => Text(d, "metricset.name") == "diskio").Select(d => Text(d, "system.diskio.name")));
        var sda = Single(documents, "diskio", "sda");
        Assert.Equal(1_048_576, Number(sda, "system.diskio.read.bytes_per_sec"));
        Assert.Equal(102_400, Number(sda, "system.diskio.write.bytes_per_sec"));
        Assert.Equal(5, Number(sda, "system.diskio.read.ops_per_sec"));
        Assert.Equal(2, Number(sda, "system.diskio.write.ops_per_sec"));
        Assert.Equal(0.25, Number(sda, "system.diskio.io.busy_pct"));
        Assert.Equal(150, Long(sda, "system.diskio.read.count"));
        Assert.Equal(22480L * 512, Long(sda, "system.diskio.read.bytes"));
        Assert.Equal(6000L * 512, Long(sda, "system.diskio.write.bytes"));
        Assert.Equal(2800, Long(sda, "system.diskio.io.time"));
        Assert.Equal("diskio sda read 1.0 MiB/s, write 100.0 KiB/s", Text(sda, "message"));

        var idle = Single(documents, "diskio", "sda1");
        Assert.Equal(0, Number(idle, "system.diskio.read.bytes_per_sec"));
    }

    [Fact]
    public async Task Network_rates_come_from_the_counters_of_two_samples()
    {
        var documents = await TwoSamplesAsync(Source());

        Assert.Equal(["lo", "eth0", "eth1"], documents.Where(d => Text(d, "metricset.name") == "network").Select(d => Text(d, "system.network.name")));
        var eth0 = Single(documents, "network", "eth0");
        Assert.Equal(20_480, Number(eth0, "system.network.in.bytes_per_sec"));
        Assert.Equal(20, Number(eth0, "system.network.in.packets_per_sec"));
        Assert.Equal(5_120, Number(eth0, "system.network.out.bytes_per_sec"));
        Assert.Equal(5, Number(eth0, "system.network.out.packets_per_sec"));
        Assert.Equal(209_800, Long(eth0, "system.network.in.bytes"));
        Assert.Equal(5, Long(eth0, "system.network.in.errors"));
        Assert.Equal(2, Long(eth0, "system.network.in.dropped"));
        Assert.Equal(3, Long(eth0, "system.network.out.errors"));
        Assert.Equal(6, Long(eth0, "system.network.out.dropped"));
        Assert.Equal("network eth0 in 20.0 KiB/s, out 5.0 KiB/s", Text(eth0, "message"));

        // The old layout without a space after the colon.
        var eth1 = Single(documents, "network", "eth1");
        Assert.Equal(100, Long(eth1, "system.network.in.bytes"));
        Assert.Equal(200, Long(eth1, "system.network.out.bytes"));
    }

    [Fact]
    public async Task Fractions_and_rates_are_written_with_a_decimal_point_so_a_store_types_them_as_double()
    {
        var documents = await TwoSamplesAsync(Source());

        // A first value of 0 written as "0" would make the field a long and cut every later 0.25 to 0.
        var cpu = Single(documents, "cpu").ToJsonString();
        Assert.Contains("\"steal\":{\"pct\":0.0}", cpu, StringComparison.Ordinal);
        Assert.Contains("\"total\":{\"pct\":0.4}", cpu, StringComparison.Ordinal);
        var lo = Single(documents, "network", "lo").ToJsonString();
        Assert.Contains("\"bytes_per_sec\":0.0", lo, StringComparison.Ordinal);
        Assert.Contains("\"1\":1.5", Single(documents, "load").ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"5\":1.0", Single(documents, "load").ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_leaves_out_its_metricset_is_logged_once_and_the_rest_carries_on()
    {
        var source = Source();
        _proc.First();
        _proc.Delete("stat");
        _proc.Delete("loadavg");

        await source.SampleAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await source.SampleAsync(CancellationToken.None);

        var sets = _pipeline.Records.Select(r => Text(r.Fields, "metricset.name")).ToList();
        Assert.Equal(["memory", "filesystem", "filesystem"], sets.Take(3));
        Assert.Equal(["memory", "filesystem", "diskio", "network"], sets.Skip(3).Distinct());
        var warnings = _logger.Warnings;
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains(Path.Combine(_proc.Root, "stat"), StringComparison.Ordinal) && w.Contains("cpu", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains(Path.Combine(_proc.Root, "loadavg"), StringComparison.Ordinal));
        Assert.Equal(4, _stats.Input("host-metrics").Failed);
    }

    [Fact]
    public async Task A_file_that_comes_back_is_read_again_and_primes_its_rates_then()
    {
        var source = Source();
        _proc.First();
        _proc.Delete("stat");
        await source.SampleAsync(CancellationToken.None);

        _proc.First();
        await source.SampleAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        _proc.Second();
        await source.SampleAsync(CancellationToken.None);

        Assert.Single(_pipeline.Records, r => Text(r.Fields, "metricset.name") == "cpu");
        Assert.Contains(_logger.Entries, e => e.Message.Contains("can read", StringComparison.Ordinal) && e.Message.Contains("stat", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("stat", "intr 1 2 3\n", "cpu")]
    [InlineData("stat", "cpu  1 2 x 4\n", "cpu")]
    [InlineData("meminfo", "Nothing: here\n", "memory")]
    [InlineData("loadavg", "high\n", "load")]
    [InlineData("diskstats", "8 0 sda 1 2 three 4 5 6 7 8 9 10 11\n", "diskio")]
    [InlineData("net/dev", "eth0: 1 2 3\n", "network")]
    public async Task A_file_that_cannot_be_understood_counts_as_unreadable(string file, string content, string metricset)
    {
        var source = Source();
        _proc.First();
        await source.SampleAsync(CancellationToken.None);
        var first = _pipeline.Count;
        _proc.Second().Write(file, content);
        _clock.Advance(TimeSpan.FromSeconds(10));

        await source.SampleAsync(CancellationToken.None);

        var second = _pipeline.Records.Skip(first).Select(r => Text(r.Fields, "metricset.name")).ToList();
        Assert.DoesNotContain(metricset, second);
        Assert.Contains("filesystem", second);
        Assert.Contains(_logger.Warnings, w => w.Contains(file.Replace('/', Path.DirectorySeparatorChar), StringComparison.Ordinal));
        Assert.Equal(1, _stats.Input("host-metrics").Failed);
    }

    [Fact]
    public async Task An_empty_proc_root_submits_nothing_and_does_not_throw()
    {
        var source = Source(o => o.ProcRoot = Path.Combine(_proc.Root, "nowhere"));

        Assert.Equal(0, await source.SampleAsync(CancellationToken.None));
        Assert.Equal(0, _pipeline.Count);
        Assert.Equal(7, _logger.Warnings.Count); // uptime, stat, meminfo, loadavg, mounts, diskstats, net/dev
    }

    [Fact]
    public async Task A_failing_pipeline_counts_the_sample_as_dropped_and_the_next_sample_goes_through()
    {
        var source = Source();
        _proc.First();
        _pipeline.FailNext(1);

        Assert.Equal(0, await source.SampleAsync(CancellationToken.None));
        Assert.Equal(4, _stats.Input("host-metrics").Dropped);
        Assert.Equal(4, await source.SampleAsync(CancellationToken.None));
        Assert.Equal(4, _pipeline.Count);
    }
}
