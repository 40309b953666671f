namespace Console.Shared.Storage.Lifecycle;

/// <summary>
/// What happens to the daily indices matching <see cref="Pattern"/> as they age (the seed's policy: hot 0–7 days, warm
/// 7–30 days read-only and merged, optionally cold, deleted after 30 days). Ages count from the start of an index's day (UTC).
/// </summary>
public sealed class RetentionPolicy
{
    /// <summary>One index pattern such as <c>thebot-logs-*</c>; when several policies match an index, the longest pattern wins.</summary>
    public string Pattern { get; set; } = string.Empty;

    /// <summary>Days after which an index becomes warm: merged to <see cref="WarmMaxSegments"/> segments and read-only.</summary>
    public int WarmAfterDays { get; set; } = 7;

    /// <summary>Days after which a warm index becomes cold (the embedded store closes it until a search needs it); null for no cold phase.</summary>
    public int? ColdAfterDays { get; set; }

    /// <summary>Days after which the index is deleted; null keeps it for ever.</summary>
    public int? DeleteAfterDays { get; set; } = 30;

    /// <summary>Most segments a warm index is merged down to (Elasticsearch's <c>forcemerge.max_num_segments</c>).</summary>
    public int WarmMaxSegments { get; set; } = 1;

    public RetentionPolicy Copy() => (RetentionPolicy)MemberwiseClone();
}
