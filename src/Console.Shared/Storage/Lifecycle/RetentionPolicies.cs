using Console.Shared.Events;

namespace Console.Shared.Storage.Lifecycle;

/// <summary>The seed's defaults, validation, and which policy and phase apply to an index.</summary>
public static class RetentionPolicies
{
    public const int MaxPolicies = 100;
    public const int MaxDays = 3650;
    public const int MaxSegments = 100;

    /// <summary>The seed's policy for every family the pipeline writes, and for the dead-letter index.</summary>
    public static IReadOnlyList<RetentionPolicy> Defaults =>
        new[] { "thebot-logs-*", "thebot-errors-*", "metrics-*", "console-deadletter-*" }
            .Select(p => new RetentionPolicy { Pattern = p, WarmAfterDays = 7, DeleteAfterDays = 30, WarmMaxSegments = 1 })
            .ToList();

    /// <summary>Every reason the list cannot be used, each naming the policy; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<RetentionPolicy?>? policies)
    {
        var errors = new List<string>();
        if (policies is null)
        {
            return ["policies are missing"];
        }

        if (policies.Count > MaxPolicies)
        {
            errors.Add($"at most {MaxPolicies} policies");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            if (policy is null)
            {
                errors.Add($"policy {i + 1} is empty");
                continue;
            }

            var name = string.IsNullOrWhiteSpace(policy.Pattern) ? $"policy {i + 1}" : $"policy '{policy.Pattern}'";
            if (string.IsNullOrWhiteSpace(policy.Pattern))
            {
                errors.Add($"{name}: the index pattern is empty");
            }
            else if (policy.Pattern.Contains(',', StringComparison.Ordinal))
            {
                errors.Add($"{name}: one index pattern per policy (no commas)");
            }
            else if (IndexNames.ValidatePattern(policy.Pattern) is { } patternError)
            {
                errors.Add($"{name}: {patternError}");
            }
            else if (!seen.Add(policy.Pattern))
            {
                errors.Add($"{name}: the pattern is used by another policy");
            }

            if (policy.WarmAfterDays is < 0 or > MaxDays)
            {
                errors.Add($"{name}: warm after must be between 0 and {MaxDays} days");
            }

            if (policy.ColdAfterDays is { } cold && (cold <= policy.WarmAfterDays || cold > MaxDays))
            {
                errors.Add($"{name}: cold after must be later than warm after ({policy.WarmAfterDays} days) and at most {MaxDays} days");
            }

            var lastPhase = policy.ColdAfterDays ?? policy.WarmAfterDays;
            if (policy.DeleteAfterDays is { } delete && (delete <= lastPhase || delete > MaxDays))
            {
                errors.Add($"{name}: delete after must be later than {(policy.ColdAfterDays is null ? "warm" : "cold")} after ({lastPhase} days) and at most {MaxDays} days");
            }

            if (policy.WarmMaxSegments is < 1 or > MaxSegments)
            {
                errors.Add($"{name}: warm segments must be between 1 and {MaxSegments}");
            }
        }

        return errors;
    }

    /// <summary>The policy for an index: of those whose pattern matches, the longest pattern (the most specific).</summary>
    public static RetentionPolicy? For(string indexName, IEnumerable<RetentionPolicy> policies) =>
        policies.Where(p => IndexNames.MatchesPattern(indexName, p.Pattern))
            .OrderByDescending(p => p.Pattern.Length)
            .ThenBy(p => p.Pattern, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>How old a daily index is: from the start of its day (UTC) to <paramref name="now"/>; null without a day.</summary>
    public static TimeSpan? AgeOf(string indexName, DateTimeOffset now) =>
        IndexNames.DayOf(indexName) is { } day ? now - new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    /// <summary>The phase the policy puts an index of that age in.</summary>
    public static IndexPhase PhaseAt(RetentionPolicy? policy, TimeSpan? age)
    {
        if (policy is null || age is not { } a)
        {
            return IndexPhase.Unmanaged;
        }

        if (policy.DeleteAfterDays is { } delete && a >= TimeSpan.FromDays(delete))
        {
            return IndexPhase.Delete;
        }

        if (policy.ColdAfterDays is { } cold && a >= TimeSpan.FromDays(cold))
        {
            return IndexPhase.Cold;
        }

        return a >= TimeSpan.FromDays(policy.WarmAfterDays) ? IndexPhase.Warm : IndexPhase.Hot;
    }

    /// <summary>The phase of <paramref name="indexName"/> at <paramref name="now"/> under <paramref name="policies"/>.</summary>
    public static IndexPhase PhaseOf(string indexName, IEnumerable<RetentionPolicy> policies, DateTimeOffset now) =>
        PhaseAt(For(indexName, policies), AgeOf(indexName, now));
}
