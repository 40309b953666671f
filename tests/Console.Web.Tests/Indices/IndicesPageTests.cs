using System.Text.Json.Nodes;
using Bunit;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Shared.Storage.Lifecycle;
using Console.Web.Auth;
using Console.Web.Indices;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Console.Web.Tests.Indices;

public class IndicesPageTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-bunit-" + Guid.NewGuid().ToString("N"));
    private readonly LuceneLogStore _store;

    public IndicesPageTests()
    {
        _store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = _dataPath }), TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton<ILogStore>(_store);
        var policies = new RetentionPolicyStore(Options.Create(new LifecycleOptions()), Options.Create(new StorageOptions { DataPath = _dataPath }),
            NullLogger<RetentionPolicyStore>.Instance);
        _context.Services.AddSingleton<IIndexAdministration>(new EmbeddedIndexAdministration(_store, policies, TimeProvider.System));
        _context.Services.AddSignedInUser(ConsoleRole.Admin);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync(); // MudBlazor's popover service (the tooltips) is only async-disposable
        _store.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    private async Task Index(string json, string indexBase)
    {
        var normalizer = new LogEventNormalizer(TimeProvider.System);
        await _store.IndexAsync([normalizer.Normalize((JsonObject)JsonNode.Parse(json)!, indexBase)]);
        await _store.FlushAsync();
    }

    [Fact]
    public async Task Lists_each_index_with_its_document_count_and_the_total()
    {
        await Index("""{"@timestamp":"2026-11-23T10:00:00Z","message":"a"}""", "thebot-logs");
        await Index("""{"@timestamp":"2026-11-23T11:00:00Z","message":"b"}""", "thebot-logs");
        await Index("""{"@timestamp":"2026-11-23T11:00:00Z","message":"<b>c</b>"}""", "thebot-errors");

        var cut = _context.Render<IndicesPage>();

        cut.WaitForAssertion(() =>
        {
            var names = cut.FindAll("[data-testid=index-name]").Select(e => e.TextContent.Trim()).ToList();
            Assert.Equal(["thebot-errors-2026.11.23", "thebot-logs-2026.11.23"], names);
        });
        Assert.Equal(["1", "2"], cut.FindAll("[data-testid=index-docs]").Select(e => e.TextContent.Trim()));
        Assert.Equal("3", cut.Find("[data-testid=total-docs]").TextContent.Trim());
        // Both match a default retention policy; the lifecycle job has not moved them yet.
        Assert.Equal(["hot", "hot"], cut.FindAll("[data-testid=index-phase]").Select(e => e.TextContent.Trim()));
        Assert.Contains("thebot-errors-*", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_outside_every_policy_is_unmanaged_and_force_merge_leaves_one_segment()
    {
        await Index("""{"@timestamp":"2026-11-23T10:00:00Z","message":"a"}""", "scratch");
        await Index("""{"@timestamp":"2026-11-23T10:00:01Z","message":"b"}""", "scratch");
        await _store.RefreshAsync();

        var cut = _context.Render<IndicesPage>();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=index-segments]").TextContent.Trim()));
        Assert.Equal("unmanaged", cut.Find("[data-testid=index-phase]").TextContent.Trim());
        await cut.Find("button[aria-label='Force merge scratch-2026.11.23']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=index-segments]").TextContent.Trim()));
    }

    [Fact]
    public void Says_how_to_send_events_when_there_are_none()
    {
        var cut = _context.Render<IndicesPage>();

        cut.WaitForAssertion(() => Assert.Contains("POST /api/ingest", cut.Markup, StringComparison.Ordinal));
    }
}
