using System.Globalization;
using System.Text.Json;
using Console.Shared.Storage;
using Console.Shared.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The histogram and the date-histogram aggregation count from each segment's decoded timestamps; every bucket must hold
/// exactly what a count of the same query over the bucket's time range finds (the search path, which filters time by
/// its trie terms, not by doc values). Over several segments, two daily indices, replaced (deleted) events, events on
/// bucket edges, ranges given in other time zones, and indices of both number mappings (version 1 and 2).
/// </summary>
public class LuceneLogStoreHistogramEquivalenceTests : IDisposable
{
    private static readonly DateTimeOffset First = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);

    private static readonly string[] Queries =
    [
        "",
        "log_level:ERROR",
        "service:billing",
        "duration_ms:[100 TO 500]",
        "NOT log_level:INFO",
        "message:timeout",
        "log_level:WARNING AND duration_ms:>250",
    ];

    private static readonly string[] Levels = ["INFO", "INFO", "INFO", "WARNING", "ERROR", "DEBUG", "CRITICAL"];
    private static readonly string[] Services = ["web", "billing", "worker"];

    private readonly StoreBuilder _current = new();
    private readonly StoreBuilder _legacy = new();

    public void Dispose()
    {
        _current.Dispose();
        _legacy.Dispose();
    }

    public static TheoryData<int, string?> Ranges => new()
    {
        // a range of RangeOf, and the interval (null: auto)
        { 0, "00:01:00" },
        { 1, "00:07:00" },
        { 2, "01:00:00" },
        { 3, "1.00:00:00" },
        { 4, null },
        { 5, "00:00:00.250" },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task Every_histogram_bucket_holds_what_a_count_over_its_range_finds(int range, string? intervalText)
    {
        var (current, legacy) = await IndexBothAsync();
        var interval = intervalText is null ? (TimeSpan?)null : TimeSpan.Parse(intervalText, CultureInfo.InvariantCulture);
        var (from, to) = RangeOf(range);
        foreach (var q in Queries)
        {
            var query = new LogQuery("thebot-logs-*", q, from, to);
            var result = await current.HistogramAsync(new HistogramRequest(query, interval));
            var expected = await ExpectedCountsAsync(current, query, result.Buckets.Select(b => b.Start).ToList(), result.Interval);
            Assert.Equal(expected, result.Buckets.Select(b => b.Count).ToList());
            Assert.Equal(expected.Sum(), result.Total);
            Assert.Equal(await current.CountAsync(query), result.Total);
            Assert.True(result.Total > 0 || range == 5, $"{q} over range {range} found nothing; the test would prove little");

            Assert.Equal(Render(result), Render(await legacy.HistogramAsync(new HistogramRequest(query, interval))));
        }
    }

    [Fact]
    public async Task A_range_given_in_another_time_zone_gives_the_buckets_of_the_same_instants_in_UTC()
    {
        var (current, _) = await IndexBothAsync();
        var (from, to) = RangeOf(1);
        foreach (var offset in new[] { TimeSpan.FromHours(5.5), TimeSpan.FromHours(-8), TimeSpan.FromMinutes(45) })
        {
            foreach (var q in Queries)
            {
                var utc = await current.HistogramAsync(new HistogramRequest(new LogQuery("thebot-logs-*", q, from, to), TimeSpan.FromMinutes(30)));
                var zoned = await current.HistogramAsync(new HistogramRequest(
                    new LogQuery("thebot-logs-*", q, from.ToOffset(offset), to.ToOffset(offset)), TimeSpan.FromMinutes(30)));
                Assert.Equal(Render(utc), Render(zoned));
            }
        }
    }

    [Theory]
    [InlineData("00:15:00", "00:00:00")]
    [InlineData("00:20:00", "00:05:00")]
    [InlineData("01:00:00", "00:30:00")] // buckets cut at the half hour, as for a zone half an hour off UTC
    [InlineData("1.00:00:00", "-05:00:00")]
    public async Task Date_histogram_aggregation_buckets_and_level_layers_match_counts(string intervalText, string offsetText)
    {
        var (current, legacy) = await IndexBothAsync();
        var interval = TimeSpan.Parse(intervalText, CultureInfo.InvariantCulture);
        var offset = TimeSpan.Parse(offsetText, CultureInfo.InvariantCulture);
        var (from, to) = RangeOf(2);
        foreach (var q in Queries)
        {
            var query = new LogQuery("thebot-logs-*", q, from, to);
            foreach (var split in new FieldSplit?[] { null, new FieldSplit("log_level", 3), new FieldSplit("duration_ms", 2, Interval: 100) })
            {
                var request = new AggregationRequest(query, AggregationMetric.Count, new DateHistogramSplit(interval, offset), split);
                var result = await current.AggregateAsync(request);
                var expected = await ExpectedCountsAsync(current, query, result.Buckets.Select(b => b.Start).ToList(), interval);
                Assert.Equal(expected, result.Buckets.Select(b => b.Count).ToList());
                Assert.Equal(expected.Sum(), result.Metric.Value);

                if (split?.Field == "log_level")
                {
                    foreach (var value in result.Split!.Values)
                    {
                        var layer = query with { Query = q.Length == 0 ? $"log_level:{value.Key}" : $"log_level:{value.Key} AND ({q})" };
                        var layerExpected = await ExpectedCountsAsync(current, layer, result.Buckets.Select(b => b.Start).ToList(), interval);
                        var position = result.Split.Values.ToList().IndexOf(value);
                        Assert.Equal(layerExpected, result.Buckets.Select(b => b.Split!.Values[position].Count).ToList());
                    }
                }

                Assert.Equal(Render(result), Render(await legacy.AggregateAsync(request)));
            }
        }
    }

    [Fact]
    public async Task Replaced_events_count_once_at_their_new_time()
    {
        var (current, legacy) = await IndexBothAsync();
        var (from, to) = RangeOf(0);
        foreach (var store in new[] { current, legacy })
        {
            // The replacements moved replaced events (of the first minutes, in the same daily index: an id is unique per index)
            // to 23:30; their old copies are deleted.
            var histogram = await store.HistogramAsync(new HistogramRequest(new LogQuery("thebot-logs-*", "replaced:true", from, to), TimeSpan.FromHours(1)));
            Assert.Equal(ReplacedEvents, histogram.Total);
            Assert.Equal(ReplacedEvents, histogram.Buckets.Single(b => b.Start == new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero)).Count);
            var all = await store.HistogramAsync(new HistogramRequest(new LogQuery("thebot-logs-*", null, from, to), TimeSpan.FromHours(1)));
            Assert.Equal(await store.CountAsync(new LogQuery("thebot-logs-*", null, from, to)), all.Total);
            Assert.Equal(TotalEvents, all.Total);
        }
    }

    private const int BatchSize = 1_500;
    private const int Batches = 3;
    private const int ReplacedEvents = 40;
    private const int TotalEvents = BatchSize * Batches;

    /// <summary>The same events into a store of each mapping; each batch its own segment, the last one replacing some events of the first.</summary>
    private async Task<(Console.Shared.Storage.Embedded.LuceneLogStore Current, Console.Shared.Storage.Embedded.LuceneLogStore Legacy)> IndexBothAsync()
    {
        CreateEmptyLegacyIndex(_legacy, "thebot-logs-2026.11.23");
        CreateEmptyLegacyIndex(_legacy, "thebot-logs-2026.11.24");
        var current = _current.Open();
        var legacy = _legacy.Open();
        var random = new Random(42);
        var lines = new List<string>();
        for (var i = 0; i < TotalEvents; i++)
        {
            // About 4 hours over midnight: mostly in order, some out of order, some on the hour or a millisecond before it.
            var time = i % 97 == 0
                ? First.AddHours(random.Next(0, 4)).AddMilliseconds(random.Next(2) == 0 ? 0 : -1)
                : First.AddMilliseconds((i * 3_200L) + random.Next(-60_000, 60_000));
            var level = Levels[random.Next(Levels.Length)];
            var duration = random.Next(10) == 0 ? "" : $",\"duration_ms\":{random.Next(0, 900)}.{random.Next(10)}";
            var message = random.Next(8) == 0 ? "upstream timeout" : "request done";
            lines.Add($"{{\"@timestamp\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"log_level\":\"{level}\",\"service\":\"{Services[i % 3]}\"," +
                      $"\"message\":\"{message}\"{duration}}}");
        }

        for (var batch = 0; batch < Batches; batch++)
        {
            var part = lines.Skip(batch * BatchSize).Take(BatchSize).ToList();
            await IndexWithIdsAsync(_current, current, part, batch * BatchSize);
            await IndexWithIdsAsync(_legacy, legacy, part, batch * BatchSize);
        }

        var replacements = Enumerable.Range(0, ReplacedEvents).Select(i =>
            (Id: (i * 7) + 1, Json: $"{{\"@timestamp\":\"2026-11-23T23:30:{i % 60:00}.000Z\",\"log_level\":\"CRITICAL\",\"service\":\"web\",\"message\":\"replaced\",\"replaced\":true}}")).ToList();
        foreach (var (builder, store) in new[] { (_current, current), (_legacy, legacy) })
        {
            var events = replacements.Select(r => Normalize(builder, r.Json, r.Id)).ToList();
            await store.IndexAsync(events);
            await store.FlushAsync();
            await store.RefreshAsync();
        }

        return (current, legacy);
    }

    private static async Task IndexWithIdsAsync(StoreBuilder builder, Console.Shared.Storage.Embedded.LuceneLogStore store, List<string> lines, int firstId)
    {
        var events = lines.Select((line, i) => Normalize(builder, line, firstId + i)).ToList();
        await store.IndexAsync(events);
        await store.FlushAsync();
        await store.RefreshAsync();
    }

    private static Console.Shared.Events.LogEvent Normalize(StoreBuilder builder, string json, int id) =>
        new Console.Shared.Events.LogEventNormalizer(builder.Clock).Normalize(
            (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(json)!, "thebot-logs", id: "event-" + id.ToString(CultureInfo.InvariantCulture));

    /// <summary>Ranges whose ends fall inside buckets; the last one starts and ends on events' own milliseconds.</summary>
    private static (DateTimeOffset From, DateTimeOffset To) RangeOf(int range) => range switch
    {
        0 => (First.AddMinutes(-30), First.AddHours(5)),
        1 => (First.AddMinutes(7).AddSeconds(13.5), First.AddHours(3).AddMinutes(53)),
        2 => (First.AddMinutes(-1), First.AddHours(4).AddMilliseconds(-1)),
        3 => (First.AddHours(1.5), First.AddHours(2.25)),
        4 => (First.AddMinutes(59).AddSeconds(59).AddMilliseconds(999), First.AddHours(2)),
        _ => (First.AddSeconds(3.2), First.AddSeconds(9.6)),
    };

    /// <summary>Per bucket, the count of the query over the part of the bucket inside the query's range.</summary>
    private static async Task<List<long>> ExpectedCountsAsync(
        Console.Shared.Storage.Embedded.LuceneLogStore store, LogQuery query, List<DateTimeOffset> starts, TimeSpan interval)
    {
        var counts = new List<long>(starts.Count);
        foreach (var start in starts)
        {
            var low = start < query.From!.Value ? query.From.Value : start;
            var high = start + interval - TimeSpan.FromMilliseconds(1);
            high = high > query.To!.Value ? query.To.Value : high;
            counts.Add(low > high ? 0 : await store.CountAsync(query with { From = low, To = high }));
        }

        return counts;
    }

    private static string Render(object result) => JsonSerializer.Serialize(result);

    /// <summary>An index as the store before mapping versions created it: a first commit without commit data.</summary>
    private static void CreateEmptyLegacyIndex(StoreBuilder builder, string name)
    {
        using var directory = FSDirectory.Open(Path.Combine(builder.Directory.Path, "indices", name));
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()));
        writer.Commit();
    }
}
