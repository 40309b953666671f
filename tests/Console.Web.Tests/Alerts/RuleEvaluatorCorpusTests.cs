using System.Text.RegularExpressions;
using Console.Shared.Storage;
using Console.Web.Alerts.Rules;
using Console.Web.Tests.Ingest;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Alerts;

/// <summary>
/// Each rule kind measured over the whole corpus, ingested through the shipped pipeline, at a fixed "now" just after it:
/// the values must be the manifest's counts, or counts taken from the raw files here.
/// </summary>
public sealed partial class RuleEvaluatorCorpusTests(CorpusFileIngestTests.CorpusConsole console) : IClassFixture<CorpusFileIngestTests.CorpusConsole>
{
    // The corpus was written on 2026-11-23 between about 23:14 and 23:50 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private CorpusFileIngestTests.CorpusConsole Corpus => console;

    private async Task<RuleEvaluator> EvaluatorAsync()
    {
        var store = console.Services.GetRequiredService<ILogStore>();
        var all = new LogQuery("thebot-logs-*", null, null, null);
        // The whole corpus goes through the tailer first; on a busy machine that takes minutes.
        Assert.Equal(4463, await Eventually.Get(() => store.CountAsync(all with { Query = Nginx }), n => n >= 4463, TimeSpan.FromMinutes(5)));
        Assert.Equal(580, await Eventually.Get(
            () => store.CountAsync(all with { Query = $"log.file.path:\"{console.PathOf("django/audit.log")}\"" }), n => n >= 580, TimeSpan.FromMinutes(5)));
        return new RuleEvaluator(store);
    }

    private string Nginx => $"log.file.path:\"{console.PathOf("nginx/access.log")}\"";

    private static AlertRule Rule(AlertRuleKind kind, string query, double threshold) => new()
    {
        Id = Guid.NewGuid(), Name = kind.ToString(), Kind = kind, Query = query, Threshold = threshold, Window = TimeSpan.FromDays(1),
    };

    [Fact]
    public async Task A_count_threshold_counts_the_manifests_5xx_responses()
    {
        var evaluator = await EvaluatorAsync();
        var rule = Rule(AlertRuleKind.CountThreshold, $"{Nginx} AND http.status_code:[500 TO 599]", 69);

        var above = Assert.Single(await evaluator.MeasureAsync(rule, Now, default));
        var atThreshold = Assert.Single(await evaluator.MeasureAsync(rule with { Threshold = 70 }, Now, default));
        var below = Assert.Single(await evaluator.MeasureAsync(rule with { Threshold = 71, Comparison = ThresholdComparison.Below }, Now, default));

        Assert.Equal(70, above.Value);
        Assert.True(above.Breached);
        Assert.False(atThreshold.Breached);
        Assert.True(below.Breached);
        Assert.Equal(Now.AddDays(-1), above.Matching.From);
    }

    [Fact]
    public async Task A_ratio_is_the_error_rate_in_percent()
    {
        var evaluator = await EvaluatorAsync();
        var rule = Rule(AlertRuleKind.Ratio, $"{Nginx} AND http.status_code:[500 TO 599]", 1.5) with { RatioBaseQuery = Nginx };

        var rate = Assert.Single(await evaluator.MeasureAsync(rule, Now, default));
        var noBase = Assert.Single(await evaluator.MeasureAsync(rule with { RatioBaseQuery = "service:no-such-service" }, Now, default));

        Assert.Equal(100.0 * 70 / 4463, rate.Value!.Value, precision: 9);
        Assert.True(rate.Breached);
        Assert.False((await evaluator.MeasureAsync(rule with { Threshold = 1.6 }, Now, default))[0].Breached);
        Assert.Null(noBase.Value);
        Assert.False(noBase.Breached);
    }

    [Fact]
    public async Task Absence_is_breached_only_when_nothing_matches_in_the_window()
    {
        var evaluator = await EvaluatorAsync();
        var rule = Rule(AlertRuleKind.Absence, Nginx, 0);

        Assert.False(Assert.Single(await evaluator.MeasureAsync(rule, Now, default)).Breached);
        var later = Assert.Single(await evaluator.MeasureAsync(rule with { Window = TimeSpan.FromMinutes(5) }, Now.AddDays(2), default));
        Assert.True(later.Breached);
        Assert.Equal(0, later.Value);
    }

    [Fact]
    public async Task A_grouped_rule_finds_every_client_ip_with_more_than_five_failed_logins()
    {
        var evaluator = await EvaluatorAsync();
        var rule = Rule(AlertRuleKind.Grouped, "event.action:login_failed", 5) with { GroupField = "client.ip" };

        var groups = await evaluator.MeasureAsync(rule, Now, default);

        // The truth, from the raw audit log: lines "event=login_failed ... ip=A.B.C.D", counted per address.
        var perIp = File.ReadLines(Path.Combine(CorpusFileIngestTests.CorpusConsole.CorpusRoot, "django", "audit.log"))
            .Select(line => FailedLogin().Match(line))
            .Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(120, perIp.Values.Sum());
        Assert.Equal(perIp.OrderBy(p => p.Key).Select(p => (p.Key, (double)p.Value)), groups.OrderBy(g => g.GroupValue).Select(g => (g.GroupValue!, g.Value!.Value)));
        Assert.Equal(perIp.Where(p => p.Value > 5).Select(p => p.Key).Order(), groups.Where(g => g.Breached).Select(g => g.GroupValue!).Order());
        Assert.Contains(groups, g => g.Breached);

        // Each group's query finds exactly that address's failed logins, for the notification's lines and its Discover link.
        var store = console.Services.GetRequiredService<ILogStore>();
        var worst = groups.MaxBy(g => g.Value)!;
        Assert.Equal(perIp[worst.GroupValue!], await store.CountAsync(worst.Matching));
    }

    [Fact]
    public async Task A_metric_threshold_measures_the_average_maximum_and_p95_of_postgresql_statement_durations()
    {
        var evaluator = await EvaluatorAsync();
        var durations = PostgresqlDurations();
        var store = console.Services.GetRequiredService<ILogStore>();
        var all = new LogQuery("thebot-logs-*", $"{Postgresql} AND _exists_:duration_ms", null, null);
        Assert.Equal(durations.Count, await Eventually.Get(() => store.CountAsync(all), n => n >= durations.Count, TimeSpan.FromMinutes(5)));
        var rule = Rule(AlertRuleKind.MetricThreshold, Postgresql, 10) with { MetricField = "duration_ms" };

        var avg = Assert.Single(await evaluator.MeasureAsync(rule with { Aggregation = MetricAggregation.Avg }, Now, default));
        var max = Assert.Single(await evaluator.MeasureAsync(rule with { Aggregation = MetricAggregation.Max, Threshold = durations.Max() }, Now, default));
        var p95 = Assert.Single(await evaluator.MeasureAsync(rule with { Aggregation = MetricAggregation.P95, Comparison = ThresholdComparison.Below, Threshold = 1_000_000 }, Now, default));
        var none = Assert.Single(await evaluator.MeasureAsync(rule with { Query = "service:no-such-service" }, Now, default));

        Assert.Equal(durations.Average(), avg.Value!.Value, precision: 6);
        Assert.Equal(durations.Average() > 10, avg.Breached);
        Assert.Equal(durations.Max(), max.Value);
        Assert.False(max.Breached); // strictly above: the maximum itself is not above itself
        Assert.Equal(Percentile(durations, 95), p95.Value!.Value, precision: 6);
        Assert.True(p95.Breached);
        Assert.Null(none.Value); // no values: nothing to judge, the state stands
        Assert.False(none.Breached);
    }

    private string Postgresql => $"log.file.path:\"{console.PathOf("postgresql/postgresql-15-main.log")}\"";

    /// <summary>Every <c>duration: N ms</c> of the raw PostgreSQL log, in milliseconds.</summary>
    internal static List<double> PostgresqlDurations() => File.ReadLines(Path.Combine(CorpusFileIngestTests.CorpusConsole.CorpusRoot, "postgresql", "postgresql-15-main.log"))
        .Select(line => Duration().Match(line))
        .Where(m => m.Success)
        .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
        .ToList();

    /// <summary>Linear interpolation between the closest ranks, as the store computes percentiles.</summary>
    internal static double Percentile(IEnumerable<double> values, double percent)
    {
        var sorted = values.Order().ToList();
        var rank = percent / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \S+ UTC \[\d+\] \S* ?LOG:  duration: ([0-9.]+) ms")]
    private static partial Regex Duration();

    [GeneratedRegex(@"event=login_failed .* ip=(\S+)")]
    private static partial Regex FailedLogin();
}
