using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Shared.Storage.Lifecycle;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Storage.Lifecycle;

/// <summary>The embedded store's lifecycle on a clock the test moves: daily rolls, warm (merged, read-only), cold (closed), deleted on day 31.</summary>
public sealed class EmbeddedLifecycleJobTests : IDisposable
{
    private readonly StoreBuilder _builder = new();

    public void Dispose() => _builder.Dispose();

    private RetentionPolicyStore Policies(params RetentionPolicy[] policies) => new(
        Options.Create(new LifecycleOptions { Policies = [.. policies] }),
        Options.Create(new StorageOptions { DataPath = _builder.Directory.Path }),
        NullLogger<RetentionPolicyStore>.Instance);

    private EmbeddedLifecycleJob Job(LuceneLogStore store, RetentionPolicyStore policies) =>
        new(store, policies, Options.Create(new LifecycleOptions()), _builder.Clock, NullLogger<EmbeddedLifecycleJob>.Instance);

    private static DateTimeOffset At(int month, int day, int hour = 0, int minute = 0, int second = 0) => new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    private static LogQuery All(string pattern = "thebot-logs-*") => new(pattern, null, null, null);

    /// <summary>Three commits, so three segments, of events on 1 November.</summary>
    private async Task<LuceneLogStore> StoreWithThreeSegmentsAsync()
    {
        var store = _builder.Open();
        for (var i = 0; i < 3; i++)
        {
            await _builder.IndexAsync(store, [$$"""{"@timestamp":"2026-11-01T10:00:0{{i}}Z","message":"batch {{i}}","bytes":{{i}}}"""]);
        }

        return store;
    }

    [Fact]
    public async Task Indices_roll_daily_turn_warm_after_seven_days_and_are_deleted_on_day_31()
    {
        var store = await StoreWithThreeSegmentsAsync();
        var admin = new EmbeddedIndexAdministration(store, Policies(), _builder.Clock);
        var job = Job(store, Policies());
        Assert.Equal(3, store.SegmentCount("thebot-logs-2026.11.01"));

        _builder.Clock.Now = At(11, 7, 23, 59, 59); // day 7
        var run = await job.RunOnceAsync();
        Assert.Empty(run.Warmed);
        Assert.Equal(IndexPhase.Hot, (await admin.ListIndexStatusAsync()).Single().Phase);

        _builder.Clock.Now = At(11, 8); // day 8: seven days old
        await _builder.IndexAsync(store, ["""{"@timestamp":"2026-11-08T00:00:00Z","message":"today"}"""]); // the next day's index
        run = await job.RunOnceAsync();
        Assert.Equal(["thebot-logs-2026.11.01"], run.Warmed);
        var statuses = await admin.ListIndexStatusAsync("thebot-logs-*");
        Assert.Equal(["thebot-logs-2026.11.01", "thebot-logs-2026.11.08"], statuses.Select(s => s.Name));
        Assert.True(statuses[0] is { Phase: IndexPhase.Warm, ReadOnly: true, Segments: 1, DocCount: 3, Policy: "thebot-logs-*" });
        Assert.True(statuses[1] is { Phase: IndexPhase.Hot, ReadOnly: false });
        Assert.Equal(3, await store.CountAsync(new LogQuery("thebot-logs-2026.11.01", "bytes:[0 TO 2]", null, null)));

        _builder.Clock.Now = At(11, 30, 23, 59, 59); // day 30
        run = await job.RunOnceAsync();
        Assert.Empty(run.Deleted);

        _builder.Clock.Now = At(12, 1); // day 31: thirty days old
        run = await job.RunOnceAsync();
        Assert.Equal(["thebot-logs-2026.11.01"], run.Deleted);
        Assert.Equal(["thebot-logs-2026.11.08"], (await store.ListIndicesAsync("thebot-logs-*")).Select(i => i.Name));
        Assert.False(Directory.Exists(Path.Combine(store.IndexRoot, "thebot-logs-2026.11.01")));
        Assert.Equal(1, await store.CountAsync(All()));
    }

    [Fact]
    public async Task A_write_to_a_warm_index_is_refused_into_the_dead_letter_index_with_the_reason_and_read_only_survives_a_restart()
    {
        var store = await StoreWithThreeSegmentsAsync();
        _builder.Clock.Now = At(11, 9);
        await Job(store, Policies()).RunOnceAsync();

        await _builder.IndexAsync(store, ["""{"@timestamp":"2026-11-01T11:00:00Z","message":"late arrival"}"""]);

        Assert.Equal(3, await store.CountAsync(All()));
        Assert.Equal(1, store.RefusedWrites);
        var letter = Assert.Single((await store.SearchAsync(new SearchRequest(All("console-deadletter-*")))).Hits);
        Assert.Equal("console-deadletter-2026.11.09", letter.Index);
        Assert.Equal("thebot-logs-2026.11.01", (string?)letter.Source["index"]);
        Assert.Equal("index thebot-logs-2026.11.01 is read-only: it entered the warm phase of its retention policy at 2026-11-09T00:00:00.000Z",
            (string?)letter.Source["reason"]);
        Assert.Contains("late arrival", (string?)letter.Source["event"], StringComparison.Ordinal);

        store.Dispose();
        using var reopened = _builder.Open();
        await _builder.IndexAsync(reopened, ["""{"@timestamp":"2026-11-01T12:00:00Z","message":"after the restart"}"""]);
        Assert.Equal(3, await reopened.CountAsync(All()));
        Assert.Equal(1, reopened.RefusedWrites);
    }

    [Fact]
    public async Task A_cold_index_is_closed_until_a_search_needs_it_and_closed_again_by_the_next_run()
    {
        var store = await StoreWithThreeSegmentsAsync();
        var policies = Policies(new RetentionPolicy { Pattern = "thebot-logs-*", WarmAfterDays = 2, ColdAfterDays = 5, DeleteAfterDays = 30, WarmMaxSegments = 2 });
        var job = Job(store, policies);
        var admin = new EmbeddedIndexAdministration(store, policies, _builder.Clock);

        _builder.Clock.Now = At(11, 3);
        Assert.Equal(["thebot-logs-2026.11.01"], (await job.RunOnceAsync()).Warmed);
        Assert.Equal(2, store.SegmentCount("thebot-logs-2026.11.01"));

        _builder.Clock.Now = At(11, 6);
        Assert.Equal(["thebot-logs-2026.11.01"], (await job.RunOnceAsync()).Cooled);
        Assert.False(store.IsOpen("thebot-logs-2026.11.01"));
        var cold = (await admin.ListIndexStatusAsync()).Single();
        Assert.True(cold is { Phase: IndexPhase.Cold, ReadOnly: true, DocCount: 3, Health: "closed", Segments: null });

        Assert.Equal(3, await store.CountAsync(All()));
        Assert.True(store.IsOpen("thebot-logs-2026.11.01"));
        await job.RunOnceAsync();
        Assert.False(store.IsOpen("thebot-logs-2026.11.01"));
    }

    [Fact]
    public async Task The_job_runs_on_the_injected_clock_at_each_interval()
    {
        var store = await StoreWithThreeSegmentsAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At(11, 10));
        using var job = new EmbeddedLifecycleJob(store, Policies(), Options.Create(new LifecycleOptions { CheckInterval = TimeSpan.FromMinutes(5) }), clock,
            NullLogger<EmbeddedLifecycleJob>.Instance);
        await job.StartAsync(CancellationToken.None);
        Assert.Null(job.LastRun);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (job.LastRun is null && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await Task.Delay(20);
        }

        await job.StopAsync(CancellationToken.None);
        Assert.NotNull(job.LastRun);
        Assert.True(store.IsReadOnly("thebot-logs-2026.11.01")); // made warm by the first run; later runs had nothing to do
        Assert.Equal(1, store.SegmentCount("thebot-logs-2026.11.01"));
    }
}
