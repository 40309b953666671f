using System.Text.Json;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>An embedded store holding all of django/thebot.json.log, indexed once for the tests that read it.</summary>
public sealed class DjangoCorpusFixture : IAsyncLifetime
{
    public const string File = "django/thebot.json.log";

    public StoreBuilder Builder { get; } = new();

    public LuceneLogStore Store { get; private set; } = null!;

    /// <summary>The file's records as parsed JSON, the oracle the store's answers are checked against.</summary>
    public List<JsonElement> Records { get; } = [];

    public async Task InitializeAsync()
    {
        var lines = await System.IO.File.ReadAllLinesAsync(Corpus.PathOf(File));
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            Records.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        Store = Builder.Open();
        await Builder.IndexAsync(Store, lines);
    }

    public Task DisposeAsync()
    {
        Builder.Dispose();
        return Task.CompletedTask;
    }
}
