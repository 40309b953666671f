using System.Text.Json.Nodes;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.HostMetrics;
using Console.Ingest.Tests.Support;
using Console.Ingest.Transforms;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Console.Ingest.Tests.Sources.HostMetrics;

/// <summary>The source against this machine's own /proc: the numbers are unknown, but they must be sane.</summary>
public class HostMetricsRealProcTests(ITestOutputHelper output)
{
    private static double Number(JsonObject document, string path) =>
        EventField.Get(document, path) is JsonValue value ? value.GetValue<double>() : throw new Xunit.Sdk.XunitException($"{path} is missing in {document.ToJsonString()}");

    [Fact]
    public async Task Two_samples_of_the_real_proc_give_values_in_sane_ranges()
    {
        var pipeline = new CollectingPipeline();
        var stats = new IngestStats();
        var source = new HostMetricsSource(
            Options.Create(new HostMetricsOptions()), Options.Create(new TransformOptions()), pipeline, stats, TimeProvider.System,
            new TestOutputLogger<HostMetricsSource>(output));

        await source.SampleAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await source.SampleAsync(CancellationToken.None);

        var documents = pipeline.Records.Select(r => JsonNode.Parse(r.Fields.ToJsonString())!.AsObject()).ToList();
        foreach (var document in documents)
        {
            output.WriteLine(EventField.Text(document, "message"));
        }

        var sets = documents.Select(d => EventField.Text(d, "metricset.name")).ToHashSet();
        Assert.Subset(sets, new HashSet<string?> { "cpu", "memory", "load", "network" });
        Assert.Equal(0, stats.Input("host-metrics").Failed);

        var cpu = Assert.Single(documents, d => EventField.Text(d, "metricset.name") == "cpu");
        foreach (var state in new[] { "total", "user", "system", "idle", "iowait" })
        {
            Assert.InRange(Number(cpu, $"system.cpu.{state}.pct"), 0, 1);
        }

        // A CPU quota makes ProcessorCount smaller than the cores /proc/stat lists, never larger.
        Assert.True(Number(cpu, "system.cpu.cores") >= Environment.ProcessorCount);

        var memory = documents.Last(d => EventField.Text(d, "metricset.name") == "memory");
        Assert.True(Number(memory, "system.memory.total") > 0);
        Assert.InRange(Number(memory, "system.memory.used.pct"), 0, 1);
        Assert.InRange(Number(memory, "system.memory.actual.used.pct"), 0, 1);
        Assert.InRange(Number(memory, "system.memory.actual.free"), 1, Number(memory, "system.memory.total"));

        Assert.True(Number(documents.Last(d => EventField.Text(d, "metricset.name") == "load"), "system.load.1") >= 0);
        Assert.True(Number(memory, "host.uptime") > 0);

        Assert.All(documents.Where(d => EventField.Text(d, "metricset.name") == "filesystem"), fs =>
        {
            Assert.InRange(Number(fs, "system.filesystem.used.pct"), 0, 1);
            Assert.True(Number(fs, "system.filesystem.total") > 0);
            Assert.DoesNotContain(EventField.Text(fs, "system.filesystem.type"), new[] { "proc", "sysfs", "tmpfs", "overlay", "cgroup", "cgroup2", "devtmpfs" });
        });
        Assert.All(documents.Where(d => EventField.Text(d, "metricset.name") is "network" or "diskio"), d =>
        {
            var set = EventField.Text(d, "metricset.name");
            var rates = set == "network"
                ? new[] { "system.network.in.bytes_per_sec", "system.network.out.bytes_per_sec" }
                : new[] { "system.diskio.read.bytes_per_sec", "system.diskio.write.bytes_per_sec" };
            Assert.All(rates, rate => Assert.True(Number(d, rate) >= 0));
            Assert.DoesNotMatch("^(loop|ram)", EventField.Text(d, "system.diskio.name") ?? string.Empty);
        });
    }
}
