using System.Text.Json;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Shared.Storage.Snapshots;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Storage.Snapshots;

public sealed class EmbeddedSnapshotRepositoryTests : IDisposable
{
    private static readonly LogQuery Logs = new("thebot-logs-*", null, null, null);
    private readonly StoreBuilder _builder = new();

    public void Dispose() => _builder.Dispose();

    private EmbeddedSnapshotRepository Repository(LuceneLogStore store) => new(store, Options.Create(new SnapshotOptions()),
        Options.Create(new StorageOptions { DataPath = _builder.Directory.Path }), _builder.Clock, NullLogger<EmbeddedSnapshotRepository>.Instance);

    /// <summary>Sixty events over two days, with numbers, keywords and text, committed in two batches (two segments a day).</summary>
    private async Task<LuceneLogStore> FilledStoreAsync()
    {
        var store = _builder.Open();
        for (var batch = 0; batch < 2; batch++)
        {
            var lines = Enumerable.Range(0, 30).Select(i =>
                $$"""{"@timestamp":"2026-11-{{23 + i % 2}}T{{10 + batch}}:{{i:00}}:00Z","level":"{{(i % 3 == 0 ? "ERROR" : "INFO")}}","message":"request {{batch}}-{{i}} took long","duration_ms":{{i * 1.5}},"http.status_code":{{200 + i % 4 * 100}},"service":"django"}""");
            await _builder.IndexAsync(store, lines);
        }

        return store;
    }

    private static async Task<SnapshotSummary> FinishedAsync(EmbeddedSnapshotRepository repository, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var snapshot = await repository.GetAsync(name);
        while (snapshot?.State == SnapshotState.InProgress && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            snapshot = await repository.GetAsync(name);
        }

        return snapshot ?? throw new InvalidOperationException($"snapshot {name} is gone");
    }

    /// <summary>Everything a user sees of a search, except the time it took.</summary>
    private static async Task<string> ResultsAsync(LuceneLogStore store, string pattern = "thebot-logs-*", string? query = null)
    {
        var search = await store.SearchAsync(new SearchRequest(new LogQuery(pattern, query, null, null), Size: 100));
        var histogram = await store.HistogramAsync(new HistogramRequest(new LogQuery(pattern, query,
            new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)), TimeSpan.FromHours(1)));
        var top = await store.TopValuesAsync(new TopValuesRequest(new LogQuery(pattern, query, null, null), "http.status_code", 10));
        return JsonSerializer.Serialize(new { search = search with { TookMs = 0 }, histogram, top });
    }

    [Fact]
    public async Task Snapshot_then_delete_the_indices_then_restore_gives_byte_identical_search_results()
    {
        var store = await FilledStoreAsync();
        var before = await ResultsAsync(store);
        var errorsBefore = await ResultsAsync(store, query: "level:ERROR AND duration_ms:>10");
        var repository = Repository(store);

        var started = await repository.StartAsync("nightly-1", "thebot-logs-*");
        Assert.Equal(["thebot-logs-2026.11.23", "thebot-logs-2026.11.24"], started.Indices);
        Assert.True(started.FilesTotal > 0 && started.BytesTotal > 0);
        // Writes go on while the files are copied; the snapshot is the commit it started from.
        await _builder.IndexAsync(store, ["""{"@timestamp":"2026-11-23T15:00:00Z","message":"written during the snapshot"}"""]);
        var finished = await FinishedAsync(repository, "nightly-1");
        Assert.Equal(SnapshotState.Success, finished.State);
        Assert.Equal(finished.FilesTotal, finished.FilesDone);
        Assert.Equal(finished.BytesTotal, finished.BytesDone);

        Assert.True(await store.DeleteIndexAsync("thebot-logs-2026.11.23"));
        Assert.True(await store.DeleteIndexAsync("thebot-logs-2026.11.24"));
        Assert.Equal(0, await store.CountAsync(Logs));

        var restored = await repository.RestoreAsync("nightly-1", new RestoreRequest());

        Assert.Equal(["thebot-logs-2026.11.23", "thebot-logs-2026.11.24"], restored.Indices);
        Assert.Equal(finished.FilesTotal, restored.Files);
        Assert.Equal(finished.BytesTotal, restored.Bytes);
        Assert.Equal(before, await ResultsAsync(store));
        Assert.Equal(errorsBefore, await ResultsAsync(store, query: "level:ERROR AND duration_ms:>10"));
        Assert.Equal(0, await store.CountAsync(Logs with { Query = "message:during" }));

        // The restored indices take writes again, like any hot index.
        await _builder.IndexAsync(store, ["""{"@timestamp":"2026-11-23T16:00:00Z","message":"after the restore"}"""]);
        Assert.Equal(61, await store.CountAsync(Logs));
    }

    [Fact]
    public async Task A_restore_under_new_names_keeps_the_original_and_the_field_types()
    {
        var store = await FilledStoreAsync();
        var repository = Repository(store);
        await repository.StartAsync("copy", "thebot-logs-2026.11.23");
        await FinishedAsync(repository, "copy");

        var refused = await Assert.ThrowsAsync<StoreRequestException>(() => repository.RestoreAsync("copy", new RestoreRequest()));
        Assert.Contains("index thebot-logs-2026.11.23 exists", refused.Message, StringComparison.Ordinal);

        var restored = await repository.RestoreAsync("copy", new RestoreRequest(null, "^(.+)$", "restored-$1"));

        Assert.Equal(["restored-thebot-logs-2026.11.23"], restored.Indices);
        Assert.Equal(30, await store.CountAsync(new LogQuery("restored-thebot-logs-*", null, null, null)));
        Assert.Equal(14, await store.CountAsync(new LogQuery("restored-thebot-logs-*", "http.status_code:[400 TO 499]", null, null)));
        Assert.Contains(await store.GetFieldsAsync("restored-thebot-logs-*"), f => f is { Name: "http.status_code", Type: FieldType.Long });
        Assert.Equal(30, await store.CountAsync(new LogQuery("thebot-logs-2026.11.23", null, null, null)));
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason()
    {
        var store = await FilledStoreAsync();
        var repository = Repository(store);

        Assert.Contains("no index matches", (await Assert.ThrowsAsync<StoreRequestException>(() => repository.StartAsync("s1", "nothing-*"))).Message, StringComparison.Ordinal);
        Assert.Contains("must be lowercase", (await Assert.ThrowsAsync<StoreRequestException>(() => repository.StartAsync("Bad Name", "thebot-logs-*"))).Message, StringComparison.Ordinal);
        await repository.StartAsync("s1", "thebot-logs-*");
        Assert.Contains("already exists", (await Assert.ThrowsAsync<StoreRequestException>(() => repository.StartAsync("s1", "thebot-logs-*"))).Message, StringComparison.Ordinal);
        await FinishedAsync(repository, "s1");
        Assert.Contains("holds no index other-2026.11.23",
            (await Assert.ThrowsAsync<StoreRequestException>(() => repository.RestoreAsync("s1", new RestoreRequest(["other-2026.11.23"])))).Message, StringComparison.Ordinal);
        Assert.Contains("the restored name is not valid",
            (await Assert.ThrowsAsync<StoreRequestException>(() => repository.RestoreAsync("s1", new RestoreRequest(null, "^(.+)$", "UPPER-$1")))).Message, StringComparison.Ordinal);
        Assert.Contains("more than one index",
            (await Assert.ThrowsAsync<StoreRequestException>(() => repository.RestoreAsync("s1", new RestoreRequest(null, "^.+$", "same")))).Message, StringComparison.Ordinal);
        Assert.Contains("no finished snapshot", (await Assert.ThrowsAsync<StoreRequestException>(() => repository.RestoreAsync("s2", new RestoreRequest()))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_snapshot_file_is_refused_by_its_checksum_and_nothing_is_restored()
    {
        var store = await FilledStoreAsync();
        var repository = Repository(store);
        await repository.StartAsync("s", "thebot-logs-2026.11.24");
        await FinishedAsync(repository, "s");
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repository.Root, "s", "manifest.json")));
        var file = manifest.RootElement.GetProperty("indices")[0].GetProperty("files").EnumerateArray()
            .First(f => f.GetProperty("length").GetInt64() > 100).GetProperty("name").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", manifest.RootElement.GetProperty("indices")[0].GetProperty("files")[0].GetProperty("sha256").GetString()!);
        var path = Path.Combine(repository.Root, "s", "indices", "thebot-logs-2026.11.24", file);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var error = await Assert.ThrowsAsync<StoreRequestException>(() => repository.RestoreAsync("s", new RestoreRequest(null, "^(.+)$", "r-$1")));

        Assert.Equal($"snapshot s is damaged: thebot-logs-2026.11.24/{file} does not match its checksum", error.Message);
        Assert.Empty(await store.ListIndicesAsync("r-*"));
        Assert.Empty(Directory.EnumerateDirectories(store.IndexRoot, ".restore-*"));
        var failed = await repository.GetRestoreAsync("s");
        Assert.Equal(RestoreState.Failed, failed!.State);
        Assert.Equal(error.Message, failed.Failure);
        Assert.True(failed.FilesDone < failed.FilesTotal);
    }

    [Fact]
    public async Task A_restore_reports_its_files_and_bytes_of_the_snapshots_and_a_deleted_snapshot_forgets_it()
    {
        var store = await FilledStoreAsync();
        var repository = Repository(store);
        await repository.StartAsync("p", "thebot-logs-*");
        var snapshot = await FinishedAsync(repository, "p");
        Assert.Null(await repository.GetRestoreAsync("p"));

        var result = await repository.RestoreAsync("p", new RestoreRequest(null, "^(.+)$", "p-$1"));
        var progress = await repository.GetRestoreAsync("p");

        Assert.Equal(RestoreState.Success, progress!.State);
        Assert.Equal(["p-thebot-logs-2026.11.23", "p-thebot-logs-2026.11.24"], progress.Indices.Order(StringComparer.Ordinal));
        Assert.Equal((snapshot.FilesTotal, snapshot.FilesTotal, snapshot.BytesTotal, snapshot.BytesTotal), (progress.FilesDone, progress.FilesTotal, progress.BytesDone, progress.BytesTotal));
        Assert.Equal((result.Files, result.Bytes), (progress.FilesDone, progress.BytesDone));
        Assert.Equal(_builder.Clock.GetUtcNow(), progress.FinishedAt);

        Assert.True(await repository.DeleteAsync("p"));
        Assert.Null(await repository.GetRestoreAsync("p"));
    }

    [Fact]
    public async Task Snapshots_are_listed_newest_first_and_deleted()
    {
        var store = await FilledStoreAsync();
        var repository = Repository(store);
        await repository.StartAsync("first", "thebot-logs-2026.11.23");
        await FinishedAsync(repository, "first");
        _builder.Clock.Now = _builder.Clock.Now.AddHours(1);
        await repository.StartAsync("second", "thebot-logs-*");
        await FinishedAsync(repository, "second");
        Directory.CreateDirectory(Path.Combine(repository.Root, "cut-short")); // a console stopped in the middle of this one

        var list = await repository.ListAsync();

        Assert.Equal(["second", "first"], list.Where(s => s.State == SnapshotState.Success).Select(s => s.Name));
        Assert.Contains(list, s => s is { Name: "cut-short", State: SnapshotState.Failed });
        Assert.True(await repository.DeleteAsync("first"));
        Assert.False(await repository.DeleteAsync("first"));
        Assert.Equal(["cut-short", "second"], (await repository.ListAsync()).Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(repository.Root, "first")));
    }
}
