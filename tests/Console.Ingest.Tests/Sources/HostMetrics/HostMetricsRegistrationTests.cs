using Console.Ingest.Pipeline;
using Console.Ingest.Sources.HostMetrics;
using Console.Ingest.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Sources.HostMetrics;

public class HostMetricsRegistrationTests
{
    private static IHost Build(Dictionary<string, string?> settings, CollectingPipeline pipeline) =>
        SourceHost.Build(settings, pipeline, (services, configuration) => services.AddHostMetricsSource(configuration));

    [Fact]
    public async Task The_host_runs_the_source_on_its_interval_from_its_settings_section()
    {
        var pipeline = new CollectingPipeline();
        using var host = Build(new() { ["Ingest:HostMetrics:Interval"] = "00:00:01", ["Ingest:HostMetrics:IndexBase"] = "metrics-x" }, pipeline);

        await host.StartAsync();
        // cpu needs a second sample, one interval after the first.
        var records = await pipeline.WaitForAsync(r => r.Any(x => EventField.Text(x.Fields, "metricset.name") == "cpu"));
        await host.StopAsync();

        Assert.Contains(records, r => EventField.Text(r.Fields, "metricset.name") == "memory");
        Assert.All(records, r => Assert.Equal("metrics-x", r.IndexBase));
        Assert.All(pipeline.Modes, mode => Assert.Equal(BackpressureMode.Wait, mode));
        Assert.Equal(1000, (long?)EventField.Get(records[0].Fields, "metricset.period"));
        Assert.Same(host.Services.GetRequiredService<HostMetricsSource>(), host.Services.GetServices<IHostedService>().OfType<HostMetricsSource>().Single());
    }

    [Fact]
    public async Task A_disabled_source_submits_nothing()
    {
        var pipeline = new CollectingPipeline();
        using var host = Build(new() { ["Ingest:HostMetrics:Enabled"] = "false", ["Ingest:HostMetrics:Interval"] = "00:00:01" }, pipeline);

        await host.StartAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        await host.StopAsync();

        Assert.Equal(0, pipeline.Count);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new HostMetricsOptions();

        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Interval);
        Assert.Equal("/proc", options.ProcRoot);
        Assert.Empty(options.DiskMounts);
        Assert.Equal("metrics", options.IndexBase);
    }

    [Fact]
    public void Disk_mounts_bind_from_a_list()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ingest:HostMetrics:DiskMounts:0"] = "/",
            ["Ingest:HostMetrics:DiskMounts:1"] = "/data",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IIngestPipeline>(new CollectingPipeline());
        services.AddHostMetricsSource(configuration);

        using var provider = services.BuildServiceProvider();

        Assert.Equal(["/", "/data"], provider.GetRequiredService<IOptions<HostMetricsOptions>>().Value.DiskMounts);
    }

    [Theory]
    [InlineData("Interval", "00:00:00.500", "Interval")]
    [InlineData("Interval", "2.00:00:00", "Interval")]
    [InlineData("ProcRoot", "", "ProcRoot")]
    [InlineData("IndexBase", "Bad Name", "index name 'Bad Name'")]
    [InlineData("DiskMounts:0", "data", "'data' is not an absolute mount point")]
    public async Task A_bad_setting_stops_the_host_at_start_with_its_name(string key, string value, string expected)
    {
        using var host = Build(new() { [$"Ingest:HostMetrics:{key}"] = value }, new CollectingPipeline());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
