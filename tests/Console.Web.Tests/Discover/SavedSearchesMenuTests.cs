using AngleSharp.Dom;
using Bunit;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Auth;
using Console.Web.Discover;
using Console.Web.Persistence;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace Console.Web.Tests.Discover;

/// <summary>Discover's Save / Saved buttons in bUnit, over a real console database in a temp folder.</summary>
public sealed class SavedSearchesMenuTests : IAsyncLifetime
{
    private static readonly DiscoverState View = new("thebot-logs-*", "log_level:ERROR AND logger:django.request", "now-24h", "now", "logger,message");

    private readonly BunitContext _context = new();
    private readonly string _dataPath = Directory.CreateTempSubdirectory("console-bunit-saved-").FullName;
    private readonly LuceneLogStore _store;

    public SavedSearchesMenuTests()
    {
        _store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = _dataPath }), TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLogging();
        _context.Services.AddSingleton<ILogStore>(_store);
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddOptions<StorageOptions>().Configure(o => o.DataPath = _dataPath);
        _context.Services.AddConsoleDatabase(new ConfigurationBuilder().Build());
        _context.Services.AddSingleton<SavedSearchService>();
        _context.Services.AddSignedInUser(ConsoleRole.Editor);
    }

    private SavedSearchService Searches => _context.Services.GetRequiredService<SavedSearchService>();

    public Task InitializeAsync() => _context.Services.GetRequiredService<ConsoleDatabaseInitializer>().PrepareAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataPath, recursive: true);
    }

    /// <summary>The dialog provider (where dialogs appear, as in MainLayout) and the menu for <see cref="View"/>.</summary>
    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<SavedSearchesMenu> Cut) Render()
    {
        var dialogs = _context.Render<MudDialogProvider>();
        var cut = _context.Render<SavedSearchesMenu>(p => p.Add(m => m.State, View));
        return (dialogs, cut);
    }

    private static void SaveAs(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<SavedSearchesMenu> cut, string name)
    {
        cut.Find("[data-testid=save-search]").Click();
        dialogs.WaitForElement("input[data-testid=saved-search-name]").Input(name);
        dialogs.Find("[data-testid=saved-search-save]").Click();
    }

    private static IElement ButtonWithText(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task Saving_without_a_name_says_so_and_saves_nothing()
    {
        var (dialogs, cut) = Render();

        SaveAs(dialogs, cut, "   ");

        dialogs.WaitForAssertion(() => Assert.Contains("name: give the search a name", dialogs.Find(".mud-input-helper-text").TextContent, StringComparison.Ordinal));
        Assert.Single(dialogs.FindAll("input[data-testid=saved-search-name]")); // the dialog stays open
        Assert.Empty(await Searches.ListAsync());
    }

    [Fact]
    public async Task Saving_under_a_name_already_taken_says_so()
    {
        await Searches.CreateAsync(new SavedSearchInput("Django errors", null, "log_level:ERROR", null, null, null));
        var (dialogs, cut) = Render();

        SaveAs(dialogs, cut, "django ERRORS");

        dialogs.WaitForAssertion(() => Assert.Contains("a saved search named 'django ERRORS' exists already", dialogs.Find(".mud-input-helper-text").TextContent, StringComparison.Ordinal));
        Assert.Single(await Searches.ListAsync());
    }

    [Fact]
    public async Task Saving_stores_the_view_on_screen_under_the_name_and_closes_the_dialog()
    {
        var (dialogs, cut) = Render();

        SaveAs(dialogs, cut, "Request errors today");

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("input[data-testid=saved-search-name]")));
        var saved = Assert.Single(await Searches.ListAsync());
        Assert.Equal("Request errors today", saved.Name);
        Assert.Equal(View, saved.ToState());
    }

    [Fact]
    public void The_list_says_when_nothing_is_saved()
    {
        var (dialogs, cut) = Render();

        cut.Find("[data-testid=open-saved-searches]").Click();

        dialogs.WaitForElement("[data-testid=saved-searches-empty]");
    }

    [Fact]
    public async Task Opening_a_saved_search_from_the_list_navigates_to_its_view()
    {
        var other = new DiscoverState("thebot-errors-*", "service:celery-worker", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", "");
        await Searches.CreateAsync(SavedSearchInput.Of("Celery failures", other));
        await Searches.CreateAsync(SavedSearchInput.Of("Another", View));
        var (dialogs, cut) = Render();

        cut.Find("[data-testid=open-saved-searches]").Click();
        dialogs.WaitForAssertion(() => Assert.Equal(["Another", "Celery failures"], dialogs.FindAll("[data-testid=saved-search]").Select(r => r.GetAttribute("data-name"))));
        dialogs.FindAll("[data-testid=saved-search]").Single(r => r.GetAttribute("data-name") == "Celery failures").QuerySelector("[data-testid=saved-search-open]")!.Click();

        var navigation = _context.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Equal(navigation.ToAbsoluteUri(other.ToUrl()), new Uri(navigation.Uri)));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=saved-search]")));
    }

    [Fact]
    public async Task Deleting_asks_first_and_removes_the_search_only_when_confirmed()
    {
        await Searches.CreateAsync(SavedSearchInput.Of("Keep or not", View));
        var (dialogs, cut) = Render();
        cut.Find("[data-testid=open-saved-searches]").Click();

        dialogs.WaitForElement("[data-testid=saved-search-delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the saved search \"Keep or not\"?", dialogs.Markup, StringComparison.Ordinal));
        ButtonWithText(dialogs, "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Delete the saved search", dialogs.Markup, StringComparison.Ordinal));
        Assert.Single(await Searches.ListAsync());
        Assert.Single(dialogs.FindAll("[data-testid=saved-search]"));

        dialogs.Find("[data-testid=saved-search-delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the saved search \"Keep or not\"?", dialogs.Markup, StringComparison.Ordinal));
        ButtonWithText(dialogs, "Delete").Click();

        dialogs.WaitForElement("[data-testid=saved-searches-empty]");
        Assert.Empty(await Searches.ListAsync());
    }
}
