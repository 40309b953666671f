using System.Globalization;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Discover;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Discover;

/// <summary>Discover's histogram stacked by log level, over a real embedded store, checked against the events indexed.</summary>
public sealed class DiscoverSearchHistogramTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-discover-histogram-" + Guid.NewGuid().ToString("N"));
    private readonly LuceneLogStore _store;
    private readonly List<(DateTimeOffset Time, string? Level)> _events = [];

    public DiscoverSearchHistogramTests() =>
        _store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = _dataPath }), TimeProvider.System, NullLogger<LuceneLogStore>.Instance);

    public async Task InitializeAsync()
    {
        // Eight levels (two more than the histogram draws) and events without one, spread over 40 minutes.
        string?[] levels = ["INFO", "INFO", "INFO", "WARNING", "WARNING", "ERROR", "DEBUG", "CRITICAL", "AUDIT", "SECURITY", null];
        for (var i = 0; i < 220; i++)
        {
            _events.Add((Start.AddSeconds(i * 11), levels[(i * 7) % levels.Length]));
        }

        var normalizer = new LogEventNormalizer(TimeProvider.System);
        var batch = _events.Select(e =>
        {
            var json = new JsonObject { ["@timestamp"] = e.Time.ToString("O", CultureInfo.InvariantCulture), ["message"] = "event" };
            if (e.Level is not null)
            {
                json["level"] = e.Level;
            }

            return normalizer.Normalize(json, IndexNames.DefaultBase);
        }).ToList();
        await _store.IndexAsync(batch);
        await _store.FlushAsync();
        await _store.RefreshAsync();
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        Directory.Delete(_dataPath, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_histogram_stacks_the_top_levels_and_the_rest_as_other_adding_up_to_each_bucket()
    {
        var search = new DiscoverSearch(_store, TimeProvider.System);
        var result = await search.RunAsync(new DiscoverState("thebot-logs-*", "", "2026-11-23T10:00:00Z", "2026-11-23T10:59:59Z", ""), CancellationToken.None);

        var interval = result.Interval!.Value;
        var topLevels = _events.Where(e => e.Level is not null).GroupBy(e => e.Level!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(DiscoverSearch.HistogramLevels).Select(g => g.Key).ToList();
        Assert.Equal([.. topLevels, "other"], result.Histogram.Select(s => s.Name));

        var plain = await _store.HistogramAsync(new HistogramRequest(result.Query, interval));
        for (var b = 0; b < plain.Buckets.Count; b++)
        {
            var start = plain.Buckets[b].Start;
            var inBucket = _events.Where(e => e.Time >= start && e.Time < start + interval).ToList();
            Assert.Equal(plain.Buckets[b].Count, result.Histogram.Sum(s => s.Buckets[b].Count));
            foreach (var series in result.Histogram)
            {
                Assert.Equal(start, series.Buckets[b].Start);
                var expected = series.Name == "other"
                    ? inBucket.Count(e => e.Level is null || !topLevels.Contains(e.Level))
                    : inBucket.Count(e => e.Level == series.Name);
                Assert.Equal(expected, series.Buckets[b].Count);
            }
        }
    }

    [Fact]
    public async Task Events_without_any_level_are_one_series()
    {
        var search = new DiscoverSearch(_store, TimeProvider.System);
        var result = await search.RunAsync(new DiscoverState("thebot-logs-*", "NOT _exists_:log_level", "2026-11-23T10:00:00Z", "2026-11-23T10:59:59Z", ""), CancellationToken.None);

        var series = Assert.Single(result.Histogram);
        Assert.Equal("events", series.Name);
        Assert.Equal(_events.Count(e => e.Level is null), series.Buckets.Sum(b => b.Count));
    }
}
