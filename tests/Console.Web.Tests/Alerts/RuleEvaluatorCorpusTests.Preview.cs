using Console.Shared.Storage;
using Console.Web.Alerts.Preview;
using Console.Web.Alerts.Rules;
using Console.Web.Tests.Ingest;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Alerts;

/// <summary>
/// The 24 h preview over the corpus (in the same class as the evaluator's tests, so the corpus is ingested once), with
/// "now" at midnight after it: its points must be what the store counts for the same windows, it must take a handful of
/// aggregations (not one per point), and its firings must follow the pending duration.
/// </summary>
public sealed partial class RuleEvaluatorCorpusTests
{
    private string PathOf(string file) => $"log.file.path:\"{Corpus.PathOf(file)}\"";

    private async Task<(RulePreviewService Preview, CountingStore Store)> PreviewAsync()
    {
        var store = Corpus.Services.GetRequiredService<ILogStore>();
        var all = new LogQuery("thebot-logs-*", null, null, null);
        Assert.Equal(4463, await Eventually.Get(() => store.CountAsync(all with { Query = PathOf("nginx/access.log") }), n => n >= 4463, TimeSpan.FromMinutes(5)));
        Assert.Equal(580, await Eventually.Get(() => store.CountAsync(all with { Query = PathOf("django/audit.log") }), n => n >= 580, TimeSpan.FromMinutes(5)));
        var durations = PostgresqlDurations().Count;
        Assert.Equal(durations, await Eventually.Get(
            () => store.CountAsync(all with { Query = $"{PathOf("postgresql/postgresql-15-main.log")} AND _exists_:duration_ms" }), n => n >= durations, TimeSpan.FromMinutes(5)));
        var counting = new CountingStore(store);
        return (new RulePreviewService(counting, new FixedClock(Now)), counting);
    }

    private static AlertRule PreviewRule(AlertRuleKind kind, string query, double threshold) => new()
    {
        Id = Guid.NewGuid(), Name = kind.ToString(), Kind = kind, Query = query, Threshold = threshold,
        Window = TimeSpan.FromMinutes(5), EvaluateEvery = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task A_count_rule_is_previewed_per_minute_from_one_aggregation_and_its_windows_add_up_to_the_manifests_5xx()
    {
        var (previews, store) = await PreviewAsync();
        var rule = PreviewRule(AlertRuleKind.CountThreshold, $"{PathOf("nginx/access.log")} AND http.status_code:[500 TO 599]", 5);

        var preview = await previews.PreviewAsync(rule);

        Assert.Equal(1, preview.Requests);
        Assert.Equal(1, store.Aggregations);
        Assert.Equal(TimeSpan.FromMinutes(1), preview.Step);
        Assert.Equal(Now, preview.To);
        Assert.Equal(Now.AddDays(-1).AddMinutes(1), preview.From);
        var series = Assert.Single(preview.Series);
        Assert.Equal(1440, series.Points.Count);
        // Every fifth point's window follows the previous one's: together they cover the day once.
        Assert.Equal(70, series.Points.Where(p => p.At.Minute % 5 == 0).Sum(p => p.Value));
        Assert.Equal(5, preview.Threshold);

        // Each point is the store's count of its window.
        var busiest = series.Points.MaxBy(p => p.Value)!;
        var direct = await store.Inner.CountAsync(new LogQuery("thebot-logs-*", rule.Query, busiest.At - rule.Window, busiest.At.AddMilliseconds(-1)));
        Assert.Equal(direct, busiest.Value);

        // With no pending time it fires at the first breached point and resolves at the first one after that is not.
        var firstBreach = series.Points.First(p => p.Value > 5);
        Assert.Equal(firstBreach.At, series.FiresAt[0]);
        Assert.True(series.Points.Single(p => p.At == firstBreach.At).Breached);
        Assert.Equal(series.Points.First(p => p.At > firstBreach.At && !p.Breached).At, series.ResolvesAt[0]);
    }

    [Fact]
    public async Task A_pending_duration_delays_each_firing_until_the_breach_has_lasted_that_long()
    {
        var (previews, _) = await PreviewAsync();
        var rule = PreviewRule(AlertRuleKind.CountThreshold, $"{PathOf("nginx/access.log")} AND http.status_code:[500 TO 599]", 5);

        var immediate = Assert.Single((await previews.PreviewAsync(rule)).Series);
        var pending = Assert.Single((await previews.PreviewAsync(rule with { PendingFor = TimeSpan.FromMinutes(2) })).Series);

        Assert.NotEmpty(immediate.FiresAt);
        Assert.True(pending.FiresAt.Count <= immediate.FiresAt.Count);
        var breached = pending.Points.ToDictionary(p => p.At, p => p.Breached);
        foreach (var fire in pending.FiresAt)
        {
            // Breached at every point of the two minutes before it.
            Assert.True(breached[fire] && breached[fire.AddMinutes(-1)] && breached[fire.AddMinutes(-2)], $"fired at {fire:u} after a shorter breach");
        }

        Assert.Contains(immediate.FiresAt, f => !pending.FiresAt.Contains(f));
    }

    [Fact]
    public async Task A_p95_rule_is_previewed_from_one_aggregation_per_window_position_and_matches_the_store_per_window()
    {
        var (previews, store) = await PreviewAsync();
        var rule = PreviewRule(AlertRuleKind.MetricThreshold, PathOf("postgresql/postgresql-15-main.log"), 50) with { MetricField = "duration_ms", Aggregation = MetricAggregation.P95 };

        var preview = await previews.PreviewAsync(rule);
        var avg = await previews.PreviewAsync(rule with { Aggregation = MetricAggregation.Avg });

        Assert.Equal(6, store.Aggregations); // five window positions for the p95, one aggregation for the average
        Assert.Equal(5, preview.Requests);
        Assert.Equal("p95(duration_ms)", preview.Metric);
        var series = Assert.Single(preview.Series);
        Assert.Equal(1440, series.Points.Count);
        foreach (var at in new[] { new DateTimeOffset(2026, 11, 23, 23, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 23, 18, 0, TimeSpan.Zero) })
        {
            var window = new LogQuery("thebot-logs-*", rule.Query, at - rule.Window, at.AddMilliseconds(-1));
            var direct = await store.Inner.AggregateAsync(new AggregationRequest(window, AggregationMetric.PercentilesOf("duration_ms", 95)));
            var directAvg = await store.Inner.AggregateAsync(new AggregationRequest(window, AggregationMetric.Avg("duration_ms")));
            Assert.NotNull(direct.Metric.Percentiles[0].Value);
            Assert.Equal(direct.Metric.Percentiles[0].Value!.Value, series.Points.Single(p => p.At == at).Value!.Value, precision: 9);
            Assert.Equal(directAvg.Metric.Value!.Value, avg.Series[0].Points.Single(p => p.At == at).Value!.Value, precision: 6);
        }

        // The statements were all logged from 23:14 to 23:16; other windows have no value to judge.
        Assert.Null(series.Points.Single(p => p.At == Now.AddHours(-12)).Value);
    }

    [Fact]
    public async Task A_grouped_rule_previews_its_busiest_client_ips_with_their_failed_logins()
    {
        var (previews, store) = await PreviewAsync();
        var rule = PreviewRule(AlertRuleKind.Grouped, "event.action:login_failed", 5) with { GroupField = "client.ip", Window = TimeSpan.FromDays(1) };

        var preview = await previews.PreviewAsync(rule);

        var perIp = File.ReadLines(Path.Combine(CorpusFileIngestTests.CorpusConsole.CorpusRoot, "django", "audit.log"))
            .Select(line => FailedLogin().Match(line)).Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Math.Min(RulePreviewService.TopGroups, perIp.Count), preview.Series.Count);
        var shown = preview.Series.Select(s => s.GroupValue!).ToHashSet();
        // The busiest addresses (ties at the last place may go either way).
        Assert.True(preview.Series.Min(s => s.Points[^1].Value) >= perIp.Where(p => !shown.Contains(p.Key)).Select(p => p.Value).DefaultIfEmpty(0).Max());
        foreach (var series in preview.Series)
        {
            // The last point's window is the whole day.
            Assert.Equal(perIp[series.GroupValue!], series.Points[^1].Value);
            Assert.Equal(perIp[series.GroupValue!] > 5, series.FiresAt.Count > 0);
        }

        // The top values, then the counts split by them in two halves of the 2,880 one-minute buckets.
        Assert.Equal(3, preview.Requests);
        Assert.Equal(2, store.Aggregations);
    }

    [Fact]
    public async Task A_ratio_and_an_absence_rule_are_previewed_with_two_and_one_aggregations()
    {
        var (previews, _) = await PreviewAsync();
        var nginx = PathOf("nginx/access.log");
        var ratio = PreviewRule(AlertRuleKind.Ratio, $"{nginx} AND http.status_code:[500 TO 599]", 50) with { RatioBaseQuery = nginx };
        var absence = PreviewRule(AlertRuleKind.Absence, nginx, 0);

        var rates = await previews.PreviewAsync(ratio);
        var silence = await previews.PreviewAsync(absence);

        Assert.Equal(2, rates.Requests);
        Assert.All(rates.Series[0].Points.Where(p => p.Value is not null), p => Assert.InRange(p.Value!.Value, 0, 100));
        Assert.Null(rates.Series[0].Points.Single(p => p.At == Now.AddHours(-12)).Value); // no requests: no rate
        Assert.Equal(1, silence.Requests);
        Assert.Null(silence.Threshold);
        // Silent all day before the corpus: fires at the first point; resolves when nginx logs; fires again after it stopped.
        var series = silence.Series[0];
        Assert.Equal(silence.From, series.FiresAt[0]);
        Assert.NotEmpty(series.ResolvesAt);
        Assert.InRange(series.ResolvesAt[0], new DateTimeOffset(2026, 11, 23, 23, 14, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 23, 16, 0, TimeSpan.Zero));
        Assert.True(series.FiresAt[^1] > series.ResolvesAt[^1]);
        Assert.Equal(0, series.Points[^1].Value);
    }

    /// <summary>The store, counting the aggregations asked of it.</summary>
    private sealed class CountingStore(ILogStore inner) : ILogStore
    {
        private int _aggregations;

        public ILogStore Inner => inner;

        public int Aggregations => _aggregations;

        public Task<IndexBatchResult> IndexAsync(IReadOnlyList<Console.Shared.Events.LogEvent> events, CancellationToken cancellationToken = default) => inner.IndexAsync(events, cancellationToken);

        public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) => inner.SearchAsync(request, cancellationToken);

        public Task<long> CountAsync(LogQuery query, CancellationToken cancellationToken = default) => inner.CountAsync(query, cancellationToken);

        public Task<HistogramResult> HistogramAsync(HistogramRequest request, CancellationToken cancellationToken = default) => inner.HistogramAsync(request, cancellationToken);

        public Task<TopValuesResult> TopValuesAsync(TopValuesRequest request, CancellationToken cancellationToken = default) => inner.TopValuesAsync(request, cancellationToken);

        public Task<AggregationResult> AggregateAsync(AggregationRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _aggregations);
            return inner.AggregateAsync(request, cancellationToken);
        }

        public Task<IReadOnlyList<LogField>> GetFieldsAsync(string indexPattern, CancellationToken cancellationToken = default) => inner.GetFieldsAsync(indexPattern, cancellationToken);

        public Task<IReadOnlyList<IndexInfo>> ListIndicesAsync(string indexPattern = "*", CancellationToken cancellationToken = default) => inner.ListIndicesAsync(indexPattern, cancellationToken);

        public Task<bool> DeleteIndexAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteIndexAsync(name, cancellationToken);

        public Task RefreshAsync(CancellationToken cancellationToken = default) => inner.RefreshAsync(cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
    }
}
