using Console.Shared.Storage;
using Console.Shared.Storage.Lifecycle;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Storage.Lifecycle;

public sealed class RetentionPoliciesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private RetentionPolicyStore Store(params RetentionPolicy[] configured) => new(
        Options.Create(new LifecycleOptions { Policies = [.. configured] }),
        Options.Create(new StorageOptions { DataPath = _directory.Path }),
        NullLogger<RetentionPolicyStore>.Instance);

    [Fact]
    public void The_defaults_are_the_seeds_policy_for_every_family_the_pipeline_writes()
    {
        var store = Store();

        Assert.Equal("defaults", store.Source);
        Assert.Equal(["thebot-logs-*", "thebot-errors-*", "metrics-*", "console-deadletter-*"], store.Current.Select(p => p.Pattern));
        Assert.All(store.Current, p => Assert.True(p is { WarmAfterDays: 7, ColdAfterDays: null, DeleteAfterDays: 30, WarmMaxSegments: 1 }));
    }

    [Theory]
    [InlineData("", 7, null, 30, 1, "the index pattern is empty")]
    [InlineData("Logs-*", 7, null, 30, 1, "may hold only lowercase letters")]
    [InlineData("a-*,b-*", 7, null, 30, 1, "one index pattern per policy")]
    [InlineData("logs-*", -1, null, 30, 1, "warm after must be between 0 and 3650 days")]
    [InlineData("logs-*", 7, 7, 30, 1, "cold after must be later than warm after (7 days)")]
    [InlineData("logs-*", 7, 20, 20, 1, "delete after must be later than cold after (20 days)")]
    [InlineData("logs-*", 7, null, 7, 1, "delete after must be later than warm after (7 days)")]
    [InlineData("logs-*", 7, null, 30, 0, "warm segments must be between 1 and 100")]
    public void A_policy_that_cannot_work_is_refused_with_the_reason(string pattern, int warm, int? cold, int? delete, int segments, string reason)
    {
        var errors = RetentionPolicies.Validate([new RetentionPolicy { Pattern = pattern, WarmAfterDays = warm, ColdAfterDays = cold, DeleteAfterDays = delete, WarmMaxSegments = segments }]);

        Assert.Contains(errors, e => e.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_policies_may_not_share_a_pattern_and_a_missing_delete_keeps_indices()
    {
        Assert.Contains("policy 'a-*': the pattern is used by another policy",
            RetentionPolicies.Validate([new RetentionPolicy { Pattern = "a-*" }, new RetentionPolicy { Pattern = "a-*" }]));
        Assert.Empty(RetentionPolicies.Validate([new RetentionPolicy { Pattern = "a-*", DeleteAfterDays = null, ColdAfterDays = 40 }]));
        Assert.Equal(IndexPhase.Cold, RetentionPolicies.PhaseAt(new RetentionPolicy { Pattern = "a-*", DeleteAfterDays = null, ColdAfterDays = 40 }, TimeSpan.FromDays(4000)));
    }

    [Fact]
    public void The_longest_matching_pattern_decides_and_an_index_without_a_day_is_unmanaged()
    {
        RetentionPolicy[] policies = [new() { Pattern = "thebot-*", DeleteAfterDays = 90 }, new() { Pattern = "thebot-logs-*", DeleteAfterDays = 30 }];

        Assert.Equal("thebot-logs-*", RetentionPolicies.For("thebot-logs-2026.11.01", policies)?.Pattern);
        Assert.Equal("thebot-*", RetentionPolicies.For("thebot-errors-2026.11.01", policies)?.Pattern);
        Assert.Null(RetentionPolicies.For("metrics-2026.11.01", policies));
        Assert.Equal(IndexPhase.Unmanaged, RetentionPolicies.PhaseOf("thebot-logs", policies, Now));
    }

    [Theory]
    [InlineData("2026-11-24T12:00:00Z", IndexPhase.Hot)] // day 1
    [InlineData("2026-11-30T23:59:59Z", IndexPhase.Hot)] // day 7
    [InlineData("2026-12-01T00:00:00Z", IndexPhase.Warm)] // day 8: 7 days old
    [InlineData("2026-12-23T23:59:59Z", IndexPhase.Warm)] // day 30
    [InlineData("2026-12-24T00:00:00Z", IndexPhase.Delete)] // day 31: 30 days old
    public void Phases_count_whole_days_from_the_start_of_the_index_day(string now, IndexPhase expected)
    {
        var phase = RetentionPolicies.PhaseOf("thebot-logs-2026.11.24", RetentionPolicies.Defaults, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, phase);
    }

    [Fact]
    public void Saved_policies_win_over_the_settings_after_a_restart_and_invalid_ones_are_not_saved()
    {
        var store = Store(new RetentionPolicy { Pattern = "configured-*" });
        Assert.Equal("settings", store.Source);
        IReadOnlyList<RetentionPolicy>? notified = null;
        store.Changed += p => notified = p;

        var refused = store.Save([new RetentionPolicy { Pattern = "x-*", WarmAfterDays = 10, DeleteAfterDays = 5 }]);
        Assert.NotEmpty(refused);
        Assert.Null(notified);
        Assert.Equal(["configured-*"], store.Current.Select(p => p.Pattern));

        Assert.Empty(store.Save([new RetentionPolicy { Pattern = "saved-*", WarmAfterDays = 2, ColdAfterDays = 5, DeleteAfterDays = 9, WarmMaxSegments = 3 }]));
        Assert.Equal(["saved-*"], notified!.Select(p => p.Pattern));

        var reopened = Store(new RetentionPolicy { Pattern = "configured-*" });
        var policy = Assert.Single(reopened.Current);
        Assert.True(policy is { Pattern: "saved-*", WarmAfterDays: 2, ColdAfterDays: 5, DeleteAfterDays: 9, WarmMaxSegments: 3 });
        Assert.EndsWith("policies.json", reopened.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_saved_file_is_ignored_and_the_settings_apply()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "lifecycle"));
        File.WriteAllText(Path.Combine(_directory.Path, "lifecycle", "policies.json"), "[{\"pattern\": ");

        var store = Store();

        Assert.Equal("defaults", store.Source);
        Assert.Equal(4, store.Current.Count);
    }
}
