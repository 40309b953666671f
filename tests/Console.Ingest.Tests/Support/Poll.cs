namespace Console.Ingest.Tests.Support;

/// <summary>Bounded waiting for background work, instead of fixed sleeps.</summary>
public static class Poll
{
    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <paramref name="timeout"/>.</summary>
    public static async Task Eventually(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what ?? "the condition"}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Checks that <paramref name="condition"/> stays true for <paramref name="period"/> (for things that must not happen).</summary>
    public static async Task Throughout(Func<bool> condition, TimeSpan period, string? what = null)
    {
        var end = DateTime.UtcNow + period;
        while (DateTime.UtcNow < end)
        {
            Assert.True(condition(), $"Expected {what ?? "the condition"} to hold throughout {period.TotalMilliseconds:0} ms.");
            await Task.Delay(10);
        }
    }
}
