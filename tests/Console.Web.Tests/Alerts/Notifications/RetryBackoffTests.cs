using Console.Web.Alerts.Notifications.Delivery;

namespace Console.Web.Tests.Alerts.Notifications;

public class RetryBackoffTests
{
    [Fact]
    public void Ceiling_DoublesFromTheInitialWaitUpToTheMaximum()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), new Random(1));

        Assert.Equal([2, 4, 8, 16, 30, 30], Enumerable.Range(1, 6).Select(n => backoff.Ceiling(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Ceiling(1000));
    }

    [Fact]
    public void Delay_IsJitteredWithinTheUpperHalfOfTheCeiling()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), new Random(7));

        for (var failures = 1; failures <= 8; failures++)
        {
            var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(failures)).ToList();
            var ceiling = backoff.Ceiling(failures);
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            // Jitter: two hundred draws are not all the same wait.
            Assert.True(delays.Distinct().Count() > 100);
        }
    }

    [Fact]
    public void Delay_BeforeAnyFailure_IsAMistake()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), new Random(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => backoff.Delay(0));
    }
}
