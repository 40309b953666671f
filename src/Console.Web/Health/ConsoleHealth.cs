using Console.Ingest.Indexing;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Ingest.Sources.Files;
using Console.Ingest.Sources.JsonLines;
using Console.Ingest.Sources.Syslog;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Microsoft.Extensions.Options;

namespace Console.Web.Health;

/// <summary>
/// Puts the seed's Monitoring section together: the store's health, ingest rates and lag, the queue, disk use per index,
/// the receivers and the lifecycle job. Green when all is well, yellow when usable with a warning, red when the store
/// cannot be used (then <c>/api/health</c> answers 503, so a load balancer takes the console out).
/// </summary>
public sealed class ConsoleHealth(
    IIndexAdministration indices,
    IngestStats stats,
    IngestRateMeter rates,
    WriteAheadLog queue,
    QueueIndexer indexer,
    JsonLinesReceiver jsonLines,
    SyslogReceiver syslog,
    IOptions<JsonLinesReceiverOptions> jsonLinesOptions,
    IOptions<SyslogReceiverOptions> syslogOptions,
    IOptions<FileTailOptions> fileOptions,
    IOptions<StorageOptions> storage,
    IServiceProvider services,
    TimeProvider clock)
{
    /// <summary>From this fill the queue is a warning: ingest will soon answer 429.</summary>
    public const double QueueWarningFill = 0.8;

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var reasons = new List<string>();
        var status = HealthStatus.Green;
        void Raise(HealthStatus to, string reason)
        {
            reasons.Add(reason);
            status = (HealthStatus)Math.Max((int)status, (int)to);
        }

        StoreHealth store;
        IReadOnlyList<IndexStatus> list;
        try
        {
            store = await indices.CheckHealthAsync(cancellationToken);
            list = store.Status == HealthStatus.Red && store.Store == "elasticsearch" ? [] : await indices.ListIndexStatusAsync("*", cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            store = new StoreHealth("elasticsearch", HealthStatus.Red, [$"the store cannot be reached: {ex.Message}"], new Dictionary<string, string>());
            list = [];
        }

        foreach (var reason in store.Reasons)
        {
            Raise(store.Status, $"store: {reason}");
        }

        if (store.Status != HealthStatus.Green && store.Reasons.Count == 0)
        {
            Raise(store.Status, $"store: {Word(store.Status)}");
        }

        var (inputRates, indexedRate) = rates.Read();
        var pending = queue.Pending;
        var inputs = stats.Inputs.Select(c => new InputHealth(c.Name, c.Received, c.Rejected, c.Dropped, Math.Round(inputRates.GetValueOrDefault(c.Name), 2), c.LastSeen)).ToList();
        var ingest = new IngestHealth(Math.Round(inputRates.Values.Sum(), 2), Math.Round(indexedRate, 2), pending,
            indexedRate > 0 ? Math.Round(pending / indexedRate, 1) : pending == 0 ? 0 : null, inputs);

        var fill = queue.Capacity > 0 ? (double)pending / queue.Capacity : 0;
        if (fill >= 1)
        {
            Raise(HealthStatus.Yellow, $"queue: full ({pending:N0} of {queue.Capacity:N0} events): receivers push back (HTTP 429, TCP stops reading, UDP drops)");
        }
        else if (fill >= QueueWarningFill)
        {
            Raise(HealthStatus.Yellow, $"queue: {fill:P0} full ({pending:N0} of {queue.Capacity:N0} events)");
        }

        if (queue.WriteFailure is { } refusing)
        {
            Raise(HealthStatus.Yellow, $"queue: cannot write to disk since {refusing.Since:u}: {refusing.Reason}; ingest is refused (HTTP 503) until it can");
        }

        if (indexer.Failure is { } indexing)
        {
            // Yellow, not red: receivers still accept into the durable queue and searches still work.
            Raise(HealthStatus.Yellow,
                $"indexer: store {indexing.Operation} failing since {indexing.Since:u} ({indexing.Attempts} attempts): {indexing.Reason}; " +
                $"retrying in {indexing.NextAttemptIn.TotalSeconds:0.#} s, accepted events wait in the queue");
        }

        var receivers = Receivers();
        foreach (var receiver in receivers.Where(r => r.State.StartsWith("failed", StringComparison.Ordinal)))
        {
            Raise(HealthStatus.Yellow, $"receiver {receiver.Name}: {receiver.State}");
        }

        var dataPath = Path.GetFullPath(storage.Value.DataPath);
        var drive = EmbeddedIndexAdministration.DiskOf(dataPath);
        var disk = new DiskHealth(dataPath,
            store.Details.TryGetValue("disk_free_bytes", out var free) ? long.Parse(free, System.Globalization.CultureInfo.InvariantCulture) : drive?.AvailableFreeSpace,
            store.Details.TryGetValue("disk_total_bytes", out var total) ? long.Parse(total, System.Globalization.CultureInfo.InvariantCulture) : drive?.TotalSize,
            list.Sum(i => i.SizeBytes),
            list.OrderByDescending(i => i.SizeBytes).ThenBy(i => i.Name, StringComparer.Ordinal)
                .Select(i => new IndexDiskUse(i.Name, i.SizeBytes, i.DocCount, i.Phase.ToString().ToLowerInvariant())).ToList());

        LifecycleHealth? lifecycle = null;
        if (services.GetService<EmbeddedLifecycleJob>() is { } job)
        {
            var run = job.LastRun;
            lifecycle = new LifecycleHealth(run?.At, run?.Warmed ?? [], run?.Cooled ?? [], run?.Deleted ?? [], run?.Failures ?? []);
            foreach (var failure in lifecycle.Failures)
            {
                Raise(HealthStatus.Yellow, $"lifecycle: {failure}");
            }
        }

        return new HealthReport(Word(status), clock.GetUtcNow(), reasons,
            new StoreHealthReport(store.Store, Word(store.Status), store.Reasons, store.Details), ingest,
            new QueueHealth(pending, queue.Capacity, Math.Round(fill, 4)), disk, receivers, lifecycle);
    }

    public static string Word(HealthStatus status) => status.ToString().ToLowerInvariant();

    private List<ReceiverHealth> Receivers()
    {
        var list = new List<ReceiverHealth>();
        ReceiverHealth Describe(string name, string protocol, string? address, string state, int? connections = null)
        {
            var counters = stats.Inputs.FirstOrDefault(c => c.Name == name);
            return new ReceiverHealth(name, protocol, address, state, connections, counters?.Received ?? 0, counters?.LastSeen);
        }

        var json = jsonLinesOptions.Value;
        var bound = jsonLines.BoundPorts;
        foreach (var (name, protocol, enabled, port) in new[]
                 {
                     (JsonLinesReceiver.TcpInput, "tcp", json.TcpEnabled, bound.IsCompletedSuccessfully ? bound.Result.Tcp : 0),
                     (JsonLinesReceiver.UdpInput, "udp", json.UdpEnabled, bound.IsCompletedSuccessfully ? bound.Result.Udp : 0),
                 })
        {
            var state = !enabled ? "off"
                : bound.IsFaulted ? $"failed: cannot listen on {json.BindAddress}:{json.Port} ({bound.Exception?.InnerException?.Message})"
                : bound.IsCompletedSuccessfully ? "listening" : "starting";
            list.Add(Describe(name, protocol, enabled && port > 0 ? $"{json.BindAddress}:{port}" : null, state,
                protocol == "tcp" && enabled && port > 0 ? jsonLines.OpenConnections : null));
        }

        var sys = syslogOptions.Value;
        list.Add(Describe(SyslogReceiver.TcpInput, "tcp", syslog.TcpEndpoint?.ToString(),
            !sys.Enabled || !sys.TcpEnabled ? "off" : syslog.TcpEndpoint is null ? "not listening" : "listening", syslog.TcpEndpoint is null ? null : syslog.OpenConnections));
        list.Add(Describe(SyslogReceiver.UdpInput, "udp", syslog.UdpEndpoint?.ToString(),
            !sys.Enabled || !sys.UdpEnabled ? "off" : syslog.UdpEndpoint is null ? "not listening" : "listening"));

        list.Add(Describe("http-ndjson", "http", "POST /api/ingest", "listening"));
        list.Add(Describe("http-bulk", "http", "POST /_bulk", "listening"));

        var files = fileOptions.Value;
        foreach (var input in files.Inputs)
        {
            list.Add(Describe($"file:{input.Name}", "file", string.Join(", ", input.Paths), files.Enabled ? "tailing" : "off"));
        }

        return list;
    }
}
