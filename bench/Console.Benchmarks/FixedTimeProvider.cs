namespace Console.Benchmarks;

/// <summary>A clock stopped at the end of the generated data, so <c>now-1h</c> in a query means the data's last hour.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
