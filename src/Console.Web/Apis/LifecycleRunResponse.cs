namespace Console.Web.Apis;

/// <summary>What <c>POST /api/lifecycle/run</c> did.</summary>
public sealed record LifecycleRunResponse(DateTimeOffset At, IReadOnlyList<string> Warmed, IReadOnlyList<string> Cooled, IReadOnlyList<string> Deleted,
    IReadOnlyList<string> Failures);
