using System.Text.Json.Nodes;
using Bunit;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Indices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Console.Web.Tests.Indices;

public class IndicesPageTests : IDisposable
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
    }

    public void Dispose()
    {
        _context.Dispose();
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
    }

    [Fact]
    public void Says_how_to_send_events_when_there_are_none()
    {
        var cut = _context.Render<IndicesPage>();

        cut.WaitForAssertion(() => Assert.Contains("POST /api/ingest", cut.Markup, StringComparison.Ordinal));
    }
}
