using Console.Ingest.Pipeline;
using Console.Ingest.Transforms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.HostMetrics;

/// <summary>
/// Metricbeat's system module: every <see cref="HostMetricsOptions.Interval"/> it reads this machine's CPU, memory, load,
/// filesystems, disk I/O and network from the proc filesystem and submits one ECS document per metricset (and per
/// mount, disk and interface) as input <c>host-metrics</c>. Percentages are fractions from 0 to 1, as in Metricbeat;
/// CPU ones are over all cores together (Metricbeat's <c>.norm.pct</c>). Nothing it reads can stop the host: an
/// unreadable file leaves its metricset out and is logged once.
/// </summary>
public sealed class HostMetricsSource : BackgroundService
{
    public const string Input = "host-metrics";

    private readonly HostMetricsOptions _options;
    private readonly IIngestPipeline _pipeline;
    private readonly ComponentCounters _counters;
    private readonly TimeProvider _clock;
    private readonly ILogger<HostMetricsSource> _logger;
    private readonly HostMetricsSampler _sampler;

    public HostMetricsSource(
        IOptions<HostMetricsOptions> options,
        IOptions<TransformOptions> transforms,
        IIngestPipeline pipeline,
        IngestStats stats,
        TimeProvider clock,
        ILogger<HostMetricsSource> logger)
        : this(options, transforms, pipeline, stats, clock, logger, FilesystemUsage.Of)
    {
    }

    /// <param name="statFilesystem">The space of a mount point; tests give known numbers instead of the real statvfs.</param>
    internal HostMetricsSource(
        IOptions<HostMetricsOptions> options,
        IOptions<TransformOptions> transforms,
        IIngestPipeline pipeline,
        IngestStats stats,
        TimeProvider clock,
        ILogger<HostMetricsSource> logger,
        Func<string, FilesystemUsage?> statFilesystem)
    {
        _options = options.Value;
        _pipeline = pipeline;
        _counters = stats.Input(Input);
        _clock = clock;
        _logger = logger;
        // The same name the enricher gives events without one, so a host's logs and metrics carry one host.name.
        var hostName = string.IsNullOrEmpty(transforms.Value.HostName) ? Environment.MachineName : transforms.Value.HostName;
        _sampler = new HostMetricsSampler(_options, hostName, clock, _counters, logger, statFilesystem);
    }

    /// <summary>Takes one sample and submits its documents; the first call only primes CPU, disk I/O and network. Returns how many documents were submitted.</summary>
    internal async Task<int> SampleAsync(CancellationToken cancellationToken)
    {
        List<IngestRecord> records;
        try
        {
            records = _sampler.Sample()
                .Select(fields => new IngestRecord { Input = Input, Fields = fields, IndexBase = _options.IndexBase })
                .ToList();
        }
        catch (Exception ex)
        {
            // Files the sampler did not expect must cost one sample, not the host (a failed BackgroundService stops it).
            _counters.AddFailed(1);
            _logger.LogError(ex, "Host metrics could not take a sample");
            return 0;
        }

        if (records.Count == 0)
        {
            return 0;
        }

        _counters.AddReceived(records.Count, _clock.GetUtcNow());
        try
        {
            // Wait for room: a sample is small and the next one replaces it anyway, so slowing down costs nothing.
            var result = await _pipeline.SubmitAsync(records, BackpressureMode.Wait, cancellationToken);
            if (result.QueueFull)
            {
                _counters.AddDropped(records.Count);
                _logger.LogWarning("The ingest queue refused {Count} host metrics documents although the source waits for room", records.Count);
                return 0;
            }

            return records.Count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A sample still waiting at shutdown is not worth holding the host for.
            _counters.AddDropped(records.Count);
            throw;
        }
        catch (Exception ex)
        {
            _counters.AddDropped(records.Count);
            _logger.LogError(ex, "The ingest pipeline failed {Count} host metrics documents", records.Count);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogInformation("Host metrics are off ({Section}:Enabled is false)", HostMetricsOptions.Section);
            return;
        }

        _logger.LogInformation("Sampling host metrics from {ProcRoot} every {Interval} into {IndexBase}", _options.ProcRoot, _options.Interval, _options.IndexBase);
        try
        {
            // The timer starts before the first sample, so samples stay on the interval's beat however long one takes.
            using var timer = new PeriodicTimer(_options.Interval, _clock);
            do
            {
                await SampleAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _logger.LogInformation("Host metrics stopped");
    }
}
