using System.Net.Http.Json;
using System.Text;
using Console.Shared.Storage;
using Console.Web.Dashboards;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Dashboards;

/// <summary>Panels of every type over a few known events, through the whole console (ingest, store, aggregations).</summary>
public sealed class PanelDataServiceTests(PanelDataServiceTests.RequestsConsole factory) : IClassFixture<PanelDataServiceTests.RequestsConsole>, IAsyncDisposable
{
    private const string From = "2026-11-23T10:00:00Z";
    private const string To = "2026-11-23T10:10:00Z";

    // Scoped, as a circuit holds it: its searches count against the scope's user.
    private readonly AsyncServiceScope _scope = factory.Services.CreateAsyncScope();

    private PanelDataService Panels => _scope.ServiceProvider.GetRequiredService<PanelDataService>();

    public ValueTask DisposeAsync() => _scope.DisposeAsync();


    private static DashboardPanel Panel(PanelType type) => new() { Title = "t", Type = type, Index = "panels-*", Query = "event.dataset:django.requests" };

    [Fact]
    public async Task A_time_series_split_by_status_class_has_a_line_per_class_with_counts_per_minute()
    {
        var data = await Panels.LoadAsync(Panel(PanelType.TimeSeries) with { SplitField = "http.status_code", SplitInterval = 100, Interval = "1m" }, From, To, CancellationToken.None);

        Assert.Equal(6, data.Total);
        Assert.Equal(["2xx", "4xx", "5xx"], data.Series.Select(s => s.Name));
        var ok = data.Series[0];
        Assert.Equal(11, ok.Times.Count); // 10:00 to 10:10, both ends in the range
        Assert.Equal([2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0], ok.Values.Select(v => v!.Value));
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], data.Series[2].Values.Select(v => v!.Value));
    }

    [Fact]
    public async Task A_bar_panel_shows_the_top_values_with_the_metric()
    {
        var data = await Panels.LoadAsync(Panel(PanelType.Bar) with { SplitField = "http.path", Size = 2, Metric = MetricKind.Max, Field = "duration_ms" }, From, To, CancellationToken.None);
        Assert.Equal([("/api/lessons/", 30.0, 3L), ("/.env", 5.0, 1L)], data.Bars.Select(b => (b.Label, b.Value!.Value, b.Count)));
    }

    [Fact]
    public async Task A_broken_down_bar_panel_has_each_bars_own_top_values()
    {
        var data = await Panels.LoadAsync(Panel(PanelType.Bar) with { Query = "NOT user_id:\"-\"", SplitField = "user_id", Size = 2, BreakdownField = "http.path" }, From, To, CancellationToken.None);
        var first = data.Breakdown[0];
        Assert.Equal("1", first.Label);
        Assert.Equal(["/api/boom/", "/api/health/", "/api/lessons/"], first.Parts.Select(p => p.Label).Order(StringComparer.Ordinal));
        Assert.All(first.Parts, p => Assert.Equal(1, p.Value));
    }

    [Fact]
    public async Task A_donut_adds_the_rest_as_other()
    {
        var data = await Panels.LoadAsync(Panel(PanelType.Donut) with { SplitField = "http.path", Size = 1 }, From, To, CancellationToken.None);
        Assert.Equal([("/api/lessons/", 3.0), ("other", 3.0)], data.Bars.Select(b => (b.Label, b.Value!.Value)));
    }

    [Fact]
    public async Task Single_stats_and_percentiles_are_exact()
    {
        var users = await Panels.LoadAsync(Panel(PanelType.SingleStat) with { Query = "NOT user_id:\"-\"", Metric = MetricKind.Cardinality, Field = "user_id" }, From, To, CancellationToken.None);
        Assert.Equal(3, users.Value);

        var errors = await Panels.LoadAsync(Panel(PanelType.SingleStat) with { Query = "http.status_code:>=500" }, From, To, CancellationToken.None);
        Assert.Equal(1, errors.Value);

        var latency = await Panels.LoadAsync(Panel(PanelType.Percentiles) with { Metric = MetricKind.Percentiles, Field = "duration_ms", Percents = [50, 100] }, From, To, CancellationToken.None);
        Assert.Equal([("p50", 25.0), ("p100", 900.0)], latency.Percentiles.Select(p => (PanelDataService.PercentLabel(p.Percent), p.Value!.Value)));
        Assert.Equal(["p50", "p100"], latency.Series.Select(s => s.Name));
    }

    [Fact]
    public async Task A_ratio_is_the_percentage_of_the_panels_events_matching_the_numerator()
    {
        var ratio = Panel(PanelType.SingleStat) with { Numerator = "http.status_code:>=500" };

        var stat = await Panels.LoadAsync(ratio, From, To, CancellationToken.None);
        Assert.Equal(6, stat.Total);
        Assert.Equal(100.0 / 6, stat.Value!.Value, precision: 9);

        // Per minute: 0 of 2, 0 of 1, 1 of 2, 0 of 1, then no request (no value rather than 0 %).
        var series = await Panels.LoadAsync(ratio with { Type = PanelType.TimeSeries, Interval = "1m" }, From, To, CancellationToken.None);
        var line = Assert.Single(series.Series);
        Assert.Equal(new double?[] { 0, 0, 50, 0, null, null, null, null, null, null, null }, line.Values);
        Assert.Equal(100.0 / 6, series.Value!.Value, precision: 9);

        var split = await Panels.LoadAsync(ratio with { Type = PanelType.TimeSeries, Interval = "1m", SplitField = "http.path", Size = 3 }, From, To, CancellationToken.None);
        var boom = split.Series.Single(s => s.Name == "/api/boom/");
        Assert.Equal(new double?[] { null, null, 100, null, null, null, null, null, null, null, null }, boom.Values);
        Assert.Equal(new double?[] { 0, null, 0, null, null, null, null, null, null, null, null }, split.Series.Single(s => s.Name == "/api/lessons/").Values);

        var bars = await Panels.LoadAsync(ratio with { Type = PanelType.Bar, SplitField = "http.path", Size = 5 }, From, To, CancellationToken.None);
        Assert.Equal(100.0, bars.Bars.Single(b => b.Label == "/api/boom/").Value);
        Assert.Equal((0.0, 3L), bars.Bars.Where(b => b.Label == "/api/lessons/").Select(b => (b.Value!.Value, b.Count)).Single());
        Assert.Equal(4, bars.Bars.Count);

        var none = await Panels.LoadAsync(ratio with { Query = "service:no-such-service" }, From, To, CancellationToken.None);
        Assert.Equal(0, none.Total);
        Assert.Null(none.Value);
    }

    [Fact]
    public async Task A_table_lists_the_newest_events_first()
    {
        var data = await Panels.LoadAsync(Panel(PanelType.Table) with { Size = 2, Columns = ["http.path"] }, From, To, CancellationToken.None);
        Assert.Equal(6, data.Total);
        Assert.Equal(2, data.Events.Count);
        Assert.Equal("/api/health/", EventFieldText.Of(data.Events[0].Source, "http.path"));
        Assert.Contains(EventFieldText.Of(data.Events[1].Source, "http.path"), new[] { "/api/boom/", "/api/lessons/" });
    }

    [Fact]
    public async Task A_chart_over_time_without_a_start_says_so()
    {
        var ex = await Assert.ThrowsAsync<StoreRequestException>(() => Panels.LoadAsync(Panel(PanelType.TimeSeries), "*", "now", CancellationToken.None));
        Assert.Contains("start time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_open_the_panels_query_and_range_in_discover()
    {
        var url = PanelDataService.DiscoverUrl(Panel(PanelType.Table) with { Columns = ["http.path", "user_id"] }, "now-24h", "now");
        Assert.Equal("/discover?index=panels-*&q=event.dataset%3Adjango.requests&from=now-24h&to=now&columns=http.path,user_id", url);
        Assert.Equal("5xx", PanelDataService.SplitLabel(Panel(PanelType.Bar) with { SplitField = "http.status_code", SplitInterval = 100 }, "500"));
        Assert.Equal("250–500", PanelDataService.SplitLabel(Panel(PanelType.Bar) with { SplitField = "duration_ms", SplitInterval = 250 }, "250"));
    }

    /// <summary>The console with six known requests in <c>panels-*</c>, sent once for the class.</summary>
    public sealed class RequestsConsole : ConsoleFactory, IAsyncLifetime
    {
        public async Task InitializeAsync()
        {
            var lines = new StringBuilder();
            (int Minute, int Status, string Path, double Duration, string User)[] requests =
            [
                (0, 200, "/api/lessons/", 10, "1"), (0, 200, "/api/lessons/", 20, "2"), (1, 404, "/.env", 5, "-"),
                (2, 500, "/api/boom/", 900, "1"), (2, 201, "/api/lessons/", 30, "3"), (3, 200, "/api/health/", 40, "1"),
            ];
            foreach (var (minute, status, path, duration, user) in requests)
            {
                lines.Append("{\"@timestamp\": \"2026-11-23T10:0").Append(minute).Append(":30Z\", \"level\": \"").Append(status >= 500 ? "ERROR" : "INFO")
                    .Append("\", \"service\": \"django-backend\", \"event\": {\"dataset\": \"django.requests\"}, \"http\": {\"status_code\": ").Append(status)
                    .Append(", \"path\": \"").Append(path).Append("\"}, \"duration_ms\": ").Append(duration.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append(", \"user_id\": \"").Append(user).Append("\", \"message\": \"request ").Append(path).Append("\"}\n");
            }

            using var client = CreateClient();
            using var content = new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson");
            var response = await client.PostAsync(new Uri("/api/ingest?index=panels&refresh=wait_for", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Equal(6, answer.GetProperty("accepted").GetInt32());
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask; // the factory's own DisposeAsync stops the host
    }
}
