namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>
/// Waits between attempts: doubling from the initial wait up to the maximum, each wait drawn from its upper half
/// ("equal jitter") so rules that fail together against one webhook do not retry in lockstep.
/// </summary>
public sealed class RetryBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    /// <summary>The wait after <paramref name="failedAttempts"/> failures (1 after the first).</summary>
    public TimeSpan Delay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var exponential = Ceiling(failedAttempts);
        var half = exponential / 2;
        return half + half * random.NextDouble();
    }

    /// <summary>The longest wait after <paramref name="failedAttempts"/> failures, before jitter.</summary>
    public TimeSpan Ceiling(int failedAttempts)
    {
        // 2^30 times any sensible initial wait is past the maximum already; the cap keeps the shift from overflowing.
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var ticks = Math.Min(initial.Ticks * factor, max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
