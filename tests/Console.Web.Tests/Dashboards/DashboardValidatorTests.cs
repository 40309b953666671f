using Console.Web.Dashboards;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Dashboards;

/// <summary>What <see cref="DashboardValidator"/> refuses and why, and that every built-in dashboard passes it.</summary>
public sealed class DashboardValidatorTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private DashboardValidator Validator => factory.Services.GetRequiredService<DashboardValidator>();

    private static PanelInput Valid => new() { Title = "Errors", Type = "time_series", Query = "log_level:ERROR" };

    private async Task<IReadOnlyList<DashboardError>> ErrorsOf(PanelInput panel) => (await Validator.ValidatePanelAsync(panel)).Errors;

    [Fact]
    public async Task Every_built_in_dashboard_is_valid()
    {
        foreach (var (key, dashboard) in BuiltInDashboards.All)
        {
            var input = DashboardInput.Of(new Dashboard
            {
                Title = dashboard.Title, Description = dashboard.Description, From = dashboard.From, To = dashboard.To,
                RefreshSeconds = dashboard.RefreshSeconds, Panels = dashboard.Panels,
            });
            var result = await Validator.ValidateAsync(input);
            Assert.True(result.IsValid, $"{key}: {string.Join("; ", result.Errors)}");
            Assert.Equal(dashboard.Panels, result.Dashboard!.Panels, PanelComparer.Instance);
        }
    }

    [Fact]
    public async Task A_valid_panel_gets_its_defaults()
    {
        var result = await Validator.ValidatePanelAsync(Valid);
        Assert.True(result.IsValid);
        Assert.Equal(PanelType.TimeSeries, result.Panel!.Type);
        Assert.Equal("thebot-logs-*", result.Panel.Index);
        Assert.Equal("auto", result.Panel.Interval);
        Assert.Equal(6, result.Panel.Width);
    }

    [Fact]
    public async Task A_query_error_names_its_character()
    {
        var error = Assert.Single(await ErrorsOf(Valid with { Query = "service:django AND (log_level:ERROR" }));
        Assert.Equal("query", error.Path);
        Assert.NotNull(error.Position);
        Assert.Contains("at character", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_its_field_cannot_hold_is_a_query_error()
    {
        var error = Assert.Single(await ErrorsOf(Valid with { Query = "duration_ms:fast" }));
        Assert.Equal("query", error.Path);
    }

    [Theory]
    [InlineData("pie", "type", "unknown panel type 'pie'")]
    [InlineData(null, "type", "choose a panel type")]
    public async Task Unknown_or_missing_types_are_named(string? type, string path, string message)
    {
        var error = Assert.Single(await ErrorsOf(Valid with { Type = type }));
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("time_series, bar, donut, single_stat, percentiles, table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sizes_out_of_range_are_refused()
    {
        Assert.Equal("size", Assert.Single(await ErrorsOf(Valid with { Type = "bar", SplitField = "service", Size = 0 })).Path);
        Assert.Equal("size", Assert.Single(await ErrorsOf(Valid with { Type = "bar", SplitField = "service", Size = 51 })).Path);
        Assert.Equal("size", Assert.Single(await ErrorsOf(Valid with { Type = "table", Size = 101 })).Path);
        Assert.True((await Validator.ValidatePanelAsync(Valid with { Type = "table", Size = 100 })).IsValid);
        Assert.Equal("breakdown_size", Assert.Single(await ErrorsOf(Valid with { Type = "bar", SplitField = "user_id", BreakdownField = "http.path", BreakdownSize = 21 })).Path);
        Assert.Equal("width", Assert.Single(await ErrorsOf(Valid with { Width = 5 })).Path);
    }

    [Fact]
    public async Task Metrics_need_the_right_field()
    {
        Assert.Contains("avg needs a field", Assert.Single(await ErrorsOf(Valid with { Metric = "avg" })).Message, StringComparison.Ordinal);
        Assert.Contains("numeric field", Assert.Single(await ErrorsOf(Valid with { Metric = "max", Field = "message" })).Message, StringComparison.Ordinal);
        Assert.Contains("count takes no field", Assert.Single(await ErrorsOf(Valid with { Field = "duration_ms" })).Message, StringComparison.Ordinal);
        Assert.Contains("unknown metric 'median'", Assert.Single(await ErrorsOf(Valid with { Metric = "median" })).Message, StringComparison.Ordinal);
        Assert.Equal("metric", Assert.Single(await ErrorsOf(Valid with { Metric = "percentiles", Field = "duration_ms" })).Path);
        Assert.True((await Validator.ValidatePanelAsync(Valid with { Metric = "avg", Field = "duration_ms" })).IsValid);
        Assert.True((await Validator.ValidatePanelAsync(Valid with { Type = "percentiles", Field = "duration_ms", Percents = [50, 90] })).IsValid);
        Assert.Equal("percents", Assert.Single(await ErrorsOf(Valid with { Type = "percentiles", Field = "duration_ms", Percents = [101] })).Path);
    }

    [Fact]
    public async Task Splits_belong_to_the_types_that_have_them()
    {
        Assert.Equal("split_field", Assert.Single(await ErrorsOf(Valid with { Type = "donut" })).Path);
        Assert.Equal("split_field", Assert.Single(await ErrorsOf(Valid with { Type = "single_stat", SplitField = "service" })).Path);
        Assert.Equal("split_field", Assert.Single(await ErrorsOf(Valid with { Type = "bar", SplitField = "message" })).Path);
        Assert.Equal("split_interval", Assert.Single(await ErrorsOf(Valid with { Type = "bar", SplitField = "service", SplitInterval = -1 })).Path);
        Assert.Equal("breakdown_field", Assert.Single(await ErrorsOf(Valid with { Type = "donut", SplitField = "service", BreakdownField = "host.name" })).Path);
        Assert.Equal("columns", Assert.Single(await ErrorsOf(Valid with { Columns = ["message"] })).Path);
        Assert.Equal("interval", Assert.Single(await ErrorsOf(Valid with { Interval = "5 minutes" })).Path);
    }

    [Fact]
    public async Task A_ratio_needs_a_numerator_that_parses_and_a_type_that_can_show_it()
    {
        var ratio = Valid with { Query = "event.dataset:django.requests", Metric = "ratio", Numerator = "http.status_code:>=500", SplitField = "service" };
        var valid = await Validator.ValidatePanelAsync(ratio);
        Assert.True(valid.IsValid, string.Join("; ", valid.Errors));
        Assert.Equal("http.status_code:>=500", valid.Panel!.Numerator);
        Assert.True(valid.Panel.IsRatio);
        Assert.Null(valid.Panel.Field);

        Assert.Equal("numerator", Assert.Single(await ErrorsOf(ratio with { Numerator = "  " })).Path);
        var syntax = Assert.Single(await ErrorsOf(ratio with { Numerator = "http.status_code:>=500 AND (" }));
        Assert.Equal("numerator", syntax.Path);
        Assert.NotNull(syntax.Position);
        Assert.Equal("numerator", Assert.Single(await ErrorsOf(ratio with { Numerator = "duration_ms:fast" })).Path);
        Assert.Equal("metric", Assert.Single(await ErrorsOf(ratio with { Type = "donut" })).Path);
        Assert.Equal("metric", Assert.Single(await ErrorsOf(ratio with { Type = "table", SplitField = null })).Path);
        Assert.Equal("field", Assert.Single(await ErrorsOf(ratio with { Field = "duration_ms" })).Path);
        Assert.Equal("split_interval", Assert.Single(await ErrorsOf(ratio with { SplitField = "http.status_code", SplitInterval = 100 })).Path);
        Assert.Equal("breakdown_field", Assert.Single(await ErrorsOf(ratio with { Type = "bar", BreakdownField = "http.path" })).Path);
        Assert.Equal("numerator", Assert.Single(await ErrorsOf(Valid with { Numerator = "http.status_code:>=500" })).Path);
        Assert.True((await Validator.ValidatePanelAsync(ratio with { Type = "single_stat", SplitField = null })).IsValid);
    }

    [Fact]
    public async Task A_dashboard_range_that_ends_before_it_starts_is_refused()
    {
        var result = await Validator.ValidateAsync(new DashboardInput { Title = "T", From = "now", To = "now-1h" });
        Assert.Equal("to", Assert.Single(result.Errors).Path);
    }
}
