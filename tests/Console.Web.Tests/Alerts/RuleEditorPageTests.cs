using Bunit;
using Console.Shared.Storage;
using Console.Web.Alerts;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Preview;
using Console.Web.Alerts.Rules;
using Console.Web.Auth;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Console.Web.Tests.Alerts;

/// <summary>The rule editor in bUnit over a whole console's services: checks as the user types, and what Save does with a bad and a good rule.</summary>
public sealed class RuleEditorPageTests : IClassFixture<AlertsConsole>, IAsyncDisposable
{
    private readonly AlertsConsole _console;
    private readonly BunitContext _context = new();
    private readonly AsyncServiceScope _scope;

    public RuleEditorPageTests(AlertsConsole console)
    {
        _console = console;
        _scope = console.Services.CreateAsyncScope(); // the preview is scoped, as a circuit holds it
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(console.Services.GetRequiredService<AlertRuleService>());
        _context.Services.AddSingleton(console.Services.GetRequiredService<NotificationChannelService>());
        _context.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<RulePreviewService>());
        _context.Services.AddSingleton(console.Services.GetRequiredService<ILogStore>());
        _context.Services.AddSingleton(console.Services.GetRequiredService<TimeProvider>());
        _context.Services.AddSignedInUser(ConsoleRole.Editor);
    }

    private AlertRuleService Rules => _console.Services.GetRequiredService<AlertRuleService>();

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _scope.DisposeAsync();
    }

    [Fact]
    public async Task A_query_mistake_is_shown_with_its_position_as_it_is_typed_and_save_lists_every_problem_without_saving()
    {
        var before = (await Rules.ListAsync()).Count;
        var cut = _context.Render<RuleEditorPage>();
        cut.WaitForElement("[data-testid=rule-query]");

        cut.Find("[data-testid=rule-query]").Change("log_level:(ERROR");
        cut.WaitForAssertion(() => Assert.Contains("at character", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=rule-errors]")); // nothing else complains before the first save

        cut.Find("[data-testid=rule-window]").Change("five minutes");
        cut.Find("[data-testid=rule-save]").Click();
        var errors = cut.WaitForElement("[data-testid=rule-errors]");
        Assert.Contains("'five minutes' is not a duration", errors.TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=rule-window]").Change("5m");
        cut.WaitForAssertion(() =>
        {
            var listed = cut.Find("[data-testid=rule-errors]").TextContent;
            Assert.Contains("The rule needs a name.", listed, StringComparison.Ordinal);
            Assert.Contains("The query has an error", listed, StringComparison.Ordinal);
            Assert.DoesNotContain("is not a duration", listed, StringComparison.Ordinal);
        });

        cut.Find("[data-testid=rule-query]").Change("log_level:ERROR");
        cut.WaitForAssertion(() => Assert.DoesNotContain("at character", cut.Markup, StringComparison.Ordinal));
        Assert.Equal(before, (await Rules.ListAsync()).Count);
        Assert.Equal("http://localhost/", _context.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task An_existing_ratio_rule_opens_with_its_base_query_and_preview_and_saves_a_changed_threshold()
    {
        var saved = await Rules.SaveAsync(null, new AlertRule
        {
            Id = Guid.Empty, Name = "editor ratio <b>bold</b>", Kind = AlertRuleKind.Ratio, Query = "log_level:ERROR", RatioBaseQuery = "_exists_:message", Threshold = 5,
            NoData = NoDataHandling.Ok,
        });
        var rule = saved.Rule!;

        var cut = _context.Render<RuleEditorPage>(p => p.Add(c => c.Id, rule.Id));
        cut.WaitForElement("[data-testid=rule-base-query]");
        cut.WaitForElement("[data-testid=preview-summary]", TimeSpan.FromSeconds(30));
        // The name is text, not markup.
        Assert.Contains("editor ratio &lt;b&gt;bold&lt;/b&gt;", cut.Find("[data-testid=editor-title]").InnerHtml, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=rule-group-field]"));
        Assert.Single(cut.FindAll("[data-testid=rule-no-data]")); // a ratio over no base events has nothing to judge

        cut.Find("[data-testid=rule-threshold]").Change("12.5");
        cut.Find("[data-testid=rule-save]").Click();
        cut.WaitForAssertion(() => Assert.EndsWith("/alerts", _context.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Equal(12.5, (await Rules.FindAsync(rule.Id))!.Threshold);
        Assert.Equal(NoDataHandling.Ok, (await Rules.FindAsync(rule.Id))!.NoData);
    }
}
