using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Storage.Snapshots;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Storage.Elasticsearch;

/// <summary>Snapshots on Elasticsearch: the requests' shape against the fake endpoint, the answers from the documented responses.</summary>
public sealed class ElasticsearchSnapshotRepositoryTests : IAsyncLifetime
{
    private const string Running = """{"snapshots":[{"snapshot":"nightly-2026.11.23","uuid":"l_lXXjnDT7OyvWdbYlHfEA","indices":["thebot-logs-2026.11.23","metrics-2026.11.23"],"state":"IN_PROGRESS","start_time_in_millis":1795474800000,"end_time_in_millis":0,"failures":[],"shards":{"total":0,"failed":0,"successful":0}}],"total":1,"remaining":0}""";
    private const string Done = """{"snapshots":[{"snapshot":"nightly-2026.11.22","uuid":"dKb54xw67gvdRctLCxSket","indices":["thebot-logs-2026.11.22"],"state":"SUCCESS","start_time_in_millis":1795388400000,"end_time_in_millis":1795388404000,"failures":[],"shards":{"total":1,"failed":0,"successful":1}}],"total":1,"remaining":0}""";

    private FakeElasticsearchConnection _es = null!;
    private ElasticsearchLogStore _store = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearchConnection.StartAsync();
        _store = _es.Store();
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _es.DisposeAsync();
    }

    private ElasticsearchSnapshotRepository Repository(string location = "") =>
        new(_es.Client, _store, Options.Create(new SnapshotOptions { ElasticsearchLocation = location }), NullLogger<ElasticsearchSnapshotRepository>.Instance);

    [Fact]
    public async Task Start_registers_the_fs_repository_once_snapshots_the_concrete_indices_without_waiting_and_reports_progress()
    {
        _es.Fake.On("GET", "/_cat/indices/thebot-logs-*", FakeReply.Recorded("cat-indices-lifecycle.json"))
            .On("PUT", "/_snapshot/console-snapshots", FakeReply.Recorded("acknowledged.json"))
            .On("PUT", "/_snapshot/console-snapshots/nightly-2026.11.23", FakeReply.Recorded("snapshot-accepted.json"))
            .On("GET", "/_snapshot/console-snapshots/nightly-2026.11.23", FakeReply.Ok(Running))
            .On("GET", "/_snapshot/console-snapshots/nightly-2026.11.23/_status", FakeReply.Recorded("snapshot-status-running.json"));
        var repository = Repository("/mnt/backups/console");

        var started = await repository.StartAsync("nightly-2026.11.23", "thebot-logs-*");
        await repository.GetAsync("nightly-2026.11.23");

        var register = _es.Fake.Single("PUT", "/_snapshot/console-snapshots");
        Assert.Equal("""{"type":"fs","settings":{"location":"/mnt/backups/console","compress":true}}""", register.Body);
        var create = _es.Fake.Single("PUT", "/_snapshot/console-snapshots/nightly-2026.11.23");
        Assert.Equal("?wait_for_completion=false", create.Query);
        Assert.Equal("""{"indices":"thebot-logs-2026.11.23,thebot-logs-2026.11.30","include_global_state":false}""", create.Body);
        Assert.Equal(SnapshotState.InProgress, started.State);
        Assert.Equal(["thebot-logs-2026.11.23", "metrics-2026.11.23"], started.Indices);
        Assert.Equal((10L, 40L, 1_000_000L, 4_000_000L), (started.FilesDone, started.FilesTotal, started.BytesDone, started.BytesTotal));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795474800000), started.StartedAt);
        Assert.Null(started.FinishedAt);
    }

    [Fact]
    public async Task A_pattern_that_matches_no_index_is_refused_before_anything_is_sent()
    {
        _es.Fake.On("GET", "/_cat/indices/nothing-*", FakeReply.Ok("[]"));

        var error = await Assert.ThrowsAsync<StoreRequestException>(() => Repository().StartAsync("s", "nothing-*"));

        Assert.Equal("no index matches nothing-*", error.Message);
        Assert.DoesNotContain(_es.Fake.Requests, r => r.Path.StartsWith("/_snapshot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_reads_every_snapshot_with_its_files_and_bytes_from_one_status_request()
    {
        _es.Fake.On("GET", "/_snapshot/console-snapshots/_all", FakeReply.Recorded("snapshots-all.json"))
            .On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22,nightly-2026.11.23/_status", FakeReply.Recorded("snapshot-status-two.json"));

        var list = await Repository().ListAsync();

        Assert.Equal(["nightly-2026.11.23", "nightly-2026.11.22"], list.Select(s => s.Name));
        Assert.Equal([SnapshotState.InProgress, SnapshotState.Success], list.Select(s => s.State));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795388404000), list[1].FinishedAt);
        Assert.Equal(["thebot-logs-2026.11.22"], list[1].Indices);
        // Running: what it has copied of what it has to copy; finished: all of what it copied.
        Assert.Equal((10L, 40L, 1_000_000L, 4_000_000L), (list[0].FilesDone, list[0].FilesTotal, list[0].BytesDone, list[0].BytesTotal));
        Assert.Equal((3L, 3L, 5969L, 5969L), (list[1].FilesDone, list[1].FilesTotal, list[1].BytesDone, list[1].BytesTotal));
        Assert.Single(_es.Fake.Requests, r => r.Path.EndsWith("/_status", StringComparison.Ordinal));
        Assert.DoesNotContain(_es.Fake.Requests, r => r.Path == "/_snapshot/console-snapshots"); // no location: the repository is the cluster's own
    }

    [Fact]
    public async Task A_restore_reports_the_files_and_bytes_its_primaries_recovered_from_the_snapshot_while_it_runs_and_when_done()
    {
        using var restoring = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _es.Fake.On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22", FakeReply.Ok(Done))
            .On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22/_status", FakeReply.Recorded("snapshot-status-done.json"))
            .On("GET", "/_cat/indices/restored-thebot-logs-2026.11.22", FakeReply.Ok("[]"))
            .On("GET", "/restored-thebot-logs-2026.11.22/_recovery", FakeReply.Recorded("recovery-restore-running.json"), FakeReply.Recorded("recovery-restore-done.json"))
            .On("POST", "/_snapshot/console-snapshots/nightly-2026.11.22/_restore", _ =>
            {
                // Elasticsearch answers a restore that waits for completion once its primaries have recovered.
                restoring.Set();
                release.Wait(TimeSpan.FromMinutes(2));
                return FakeReply.Recorded("snapshot-restored.json");
            });
        var repository = Repository();
        Assert.Null(await repository.GetRestoreAsync("nightly-2026.11.22"));

        var restore = repository.RestoreAsync("nightly-2026.11.22", new RestoreRequest(null, "^(.+)$", "restored-$1"));
        Assert.True(restoring.Wait(TimeSpan.FromMinutes(2)), "the restore request never reached the fake");
        var running = await repository.GetRestoreAsync("nightly-2026.11.22");
        release.Set();
        var result = await restore;
        var done = await repository.GetRestoreAsync("nightly-2026.11.22");

        // Two primary shards from the snapshot (4 files of 4000 bytes, 1 copied so far; 2 of 2024, done); the replica's copy from its primary is not the restore's.
        Assert.Equal(RestoreState.InProgress, running!.State);
        Assert.Equal(["restored-thebot-logs-2026.11.22"], running.Indices);
        Assert.Equal((3L, 6L, 3024L, 6024L), (running.FilesDone, running.FilesTotal, running.BytesDone, running.BytesTotal));
        Assert.Null(running.FinishedAt);
        Assert.Equal(RestoreState.Success, done!.State);
        Assert.Equal((6L, 6L, 6024L, 6024L), (done.FilesDone, done.FilesTotal, done.BytesDone, done.BytesTotal));
        Assert.NotNull(done.FinishedAt);
        Assert.Equal((6L, 6024L), (result.Files, result.Bytes));
        var recovery = _es.Fake.Requests.First(r => r.Path == "/restored-thebot-logs-2026.11.22/_recovery");
        Assert.Contains("active_only=false", recovery.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_elasticsearch_refuses_is_reported_as_failed_with_the_reason()
    {
        _es.Fake.On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22", FakeReply.Ok(Done))
            .On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22/_status", FakeReply.Recorded("snapshot-status-done.json"))
            .On("GET", "/_cat/indices/thebot-logs-2026.11.22", FakeReply.Ok("[]"))
            .On("POST", "/_snapshot/console-snapshots/nightly-2026.11.22/_restore", new FakeReply(500,
                """{"error":{"type":"snapshot_restore_exception","reason":"[console-snapshots:nightly-2026.11.22/dKb54xw67gvdRctLCxSket] cannot restore index [thebot-logs-2026.11.22] because an open index with same name already exists in the cluster"},"status":500}"""));
        var repository = Repository();

        await Assert.ThrowsAsync<StoreRequestException>(() => repository.RestoreAsync("nightly-2026.11.22", new RestoreRequest()));

        var failed = await repository.GetRestoreAsync("nightly-2026.11.22");
        Assert.Equal(RestoreState.Failed, failed!.State);
        Assert.Contains("open index with same name already exists", failed.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_under_new_names_sends_the_rename_and_waits_for_completion()
    {
        _es.Fake.On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22", FakeReply.Ok(Done))
            .On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22/_status", FakeReply.Recorded("snapshot-status-done.json"))
            .On("GET", "/_cat/indices/restored-thebot-logs-2026.11.22", FakeReply.Ok("[]"))
            .On("POST", "/_snapshot/console-snapshots/nightly-2026.11.22/_restore", FakeReply.Recorded("snapshot-restored.json"));

        var result = await Repository().RestoreAsync("nightly-2026.11.22", new RestoreRequest(null, "^(.+)$", "restored-$1"));

        var restore = _es.Fake.Single("POST", "/_snapshot/console-snapshots/nightly-2026.11.22/_restore");
        Assert.Equal("?wait_for_completion=true", restore.Query);
        var body = restore.Json; // JSON escapes '+' as \u002B; the values are what counts
        Assert.Equal(["indices", "rename_pattern", "rename_replacement", "include_global_state"], body.Select(p => p.Key));
        Assert.Equal("thebot-logs-2026.11.22", (string?)body["indices"]);
        Assert.Equal("^(.+)$", (string?)body["rename_pattern"]);
        Assert.Equal("restored-$1", (string?)body["rename_replacement"]);
        Assert.False((bool)body["include_global_state"]!);
        Assert.Equal(["restored-thebot-logs-2026.11.22"], result.Indices);
    }

    [Fact]
    public async Task Restore_over_an_existing_index_or_of_a_missing_snapshot_is_refused_with_the_reason()
    {
        _es.Fake.On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22", FakeReply.Ok(Done))
            .On("GET", "/_snapshot/console-snapshots/nightly-2026.11.22/_status", FakeReply.Recorded("snapshot-status-done.json"))
            .On("GET", "/_cat/indices/thebot-logs-2026.11.22", FakeReply.Ok("""[{"index":"thebot-logs-2026.11.22","health":"green","status":"open","docs.count":"5","store.size":"100"}]"""))
            .On("GET", "/_snapshot/console-snapshots/nope", FakeReply.Recorded("error-snapshot-missing.json", 404));

        var exists = await Assert.ThrowsAsync<StoreRequestException>(() => Repository().RestoreAsync("nightly-2026.11.22", new RestoreRequest()));
        var missing = await Assert.ThrowsAsync<StoreRequestException>(() => Repository().RestoreAsync("nope", new RestoreRequest()));

        Assert.StartsWith("index thebot-logs-2026.11.22 exists", exists.Message, StringComparison.Ordinal);
        Assert.Equal("no snapshot named nope", missing.Message);
        Assert.DoesNotContain(_es.Fake.Requests, r => r.Path.EndsWith("/_restore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_answers_false_for_a_missing_snapshot()
    {
        _es.Fake.On("DELETE", "/_snapshot/console-snapshots/nightly-2026.11.22", FakeReply.Recorded("acknowledged.json"))
            .On("DELETE", "/_snapshot/console-snapshots/nope", FakeReply.Recorded("error-snapshot-missing.json", 404));

        Assert.True(await Repository().DeleteAsync("nightly-2026.11.22"));
        Assert.False(await Repository().DeleteAsync("nope"));
    }
}
