using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Support;

/// <summary>Makes embedded stores in temp folders and fills them with events.</summary>
public sealed class StoreBuilder : IDisposable
{
    private readonly List<LuceneLogStore> _stores = [];

    public TempDirectory Directory { get; } = new();

    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public LuceneLogStore Open(Action<StorageOptions>? configure = null)
    {
        var options = new StorageOptions { DataPath = Directory.Path };
        configure?.Invoke(options);
        var store = new LuceneLogStore(Options.Create(options), Clock, NullLogger<LuceneLogStore>.Instance);
        _stores.Add(store);
        return store;
    }

    public LogEvent Event(string json, string indexBase = IndexNames.DefaultBase) =>
        new LogEventNormalizer(Clock).Normalize((JsonObject)JsonNode.Parse(json)!, indexBase);

    /// <summary>Indexes <paramref name="lines"/> (one JSON object each) and makes them searchable.</summary>
    public async Task IndexAsync(LuceneLogStore store, IEnumerable<string> lines, string indexBase = IndexNames.DefaultBase)
    {
        var events = lines.Where(l => l.Length > 0).Select(l => Event(l, indexBase)).ToList();
        await store.IndexAsync(events);
        await store.FlushAsync();
        await store.RefreshAsync();
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        Directory.Dispose();
    }
}
