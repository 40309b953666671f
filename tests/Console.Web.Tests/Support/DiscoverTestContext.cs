using System.Text.Json.Nodes;
using Bunit;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Discover;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Console.Web.Tests.Support;

/// <summary>bUnit with Discover's services over a real embedded store in a temp folder; JS interop is loose unless a test sets a call up.</summary>
public sealed class DiscoverTestContext : IAsyncDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-bunit-" + Guid.NewGuid().ToString("N"));

    public DiscoverTestContext()
    {
        Store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = _dataPath }), TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        Bunit.Services.AddMudServices();
        Bunit.Services.AddSingleton<ILogStore>(Store);
        Bunit.Services.AddSingleton(TimeProvider.System);
        Bunit.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Bunit.Services.AddScoped<DiscoverSearch>();
        Bunit.Services.AddScoped<QueryHistory>();
        Bunit.Services.AddSignedInUser();
    }

    public BunitContext Bunit { get; } = new();

    public LuceneLogStore Store { get; }

    public DiscoverSearch Search => Bunit.Services.GetRequiredService<DiscoverSearch>();

    public NavigationManager Navigation => Bunit.Services.GetRequiredService<NavigationManager>();

    /// <summary>Indexes one JSON object per line, in order (so events of one millisecond keep that order), and makes them searchable.</summary>
    public async Task IndexAsync(IEnumerable<string> lines)
    {
        var normalizer = new LogEventNormalizer(TimeProvider.System);
        await Store.IndexAsync(lines.Select(l => normalizer.Normalize((JsonObject)JsonNode.Parse(l)!, IndexNames.DefaultBase)).ToList());
        await Store.FlushAsync();
        await Store.RefreshAsync();
    }

    /// <summary>The one event whose message is exactly <paramref name="message"/>.</summary>
    public async Task<SearchHit> HitAsync(string message)
    {
        var page = await Store.SearchAsync(new SearchRequest(new LogQuery("thebot-logs-*", null, null, null), 10_000));
        return page.Hits.Single(h => (string?)h.Source["message"] == message);
    }

    /// <summary>Discover at the address of <paramref name="state"/>, as a link would open it.</summary>
    public IRenderedComponent<DiscoverPage> RenderPage(DiscoverState state)
    {
        Navigation.NavigateTo(state.ToUrl());
        return Bunit.Render<DiscoverPage>();
    }

    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync(); // MudBlazor's services are only async-disposable
        Store.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }
}
