using Console.Shared.Query;

namespace Console.Shared.Tests.Query;

public class DateMathTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 14, 37, 12, 345, TimeSpan.Zero);

    [Theory]
    [InlineData("now", "2026-11-23T14:37:12.345Z")]
    [InlineData("now-15m", "2026-11-23T14:22:12.345Z")]
    [InlineData("now-1h", "2026-11-23T13:37:12.345Z")]
    [InlineData("now+2d", "2026-11-25T14:37:12.345Z")]
    [InlineData("now-1M", "2026-10-23T14:37:12.345Z")]
    [InlineData("now-1y", "2025-11-23T14:37:12.345Z")]
    [InlineData("now-1w", "2026-11-16T14:37:12.345Z")]
    [InlineData("now-30s", "2026-11-23T14:36:42.345Z")]
    [InlineData("now/d", "2026-11-23T00:00:00.000Z")]
    [InlineData("now/h", "2026-11-23T14:00:00.000Z")]
    [InlineData("now-1d/d", "2026-11-22T00:00:00.000Z")]
    [InlineData("now/w", "2026-11-23T00:00:00.000Z")] // a Monday
    [InlineData("now/M", "2026-11-01T00:00:00.000Z")]
    [InlineData("2026-11-20", "2026-11-20T00:00:00.000Z")]
    [InlineData("2026-11-20T10:00:00Z", "2026-11-20T10:00:00.000Z")]
    [InlineData("2026-11-20T10:00:00+02:00", "2026-11-20T08:00:00.000Z")]
    [InlineData("2026-11-20||+1d", "2026-11-21T00:00:00.000Z")]
    [InlineData("2026-11-20T10:30:00Z||/h", "2026-11-20T10:00:00.000Z")]
    [InlineData("1763942400000", "2025-11-24T00:00:00.000Z")]
    public void Parse_RoundingDown_GivesTheExpectedInstant(string expression, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateMath.Parse(expression, Now));
    }

    [Theory]
    [InlineData("now/d", "2026-11-23T23:59:59.999Z")]
    [InlineData("now/h", "2026-11-23T14:59:59.999Z")]
    [InlineData("now/M", "2026-11-30T23:59:59.999Z")]
    [InlineData("2026-11-20", "2026-11-20T23:59:59.999Z")]
    [InlineData("now-5m", "2026-11-23T14:32:12.345Z")]
    public void Parse_RoundingUp_GoesToTheLastMillisecondOfTheUnit(string expression, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateMath.Parse(expression, Now, roundUp: true));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("yesterday", "not a date")]
    [InlineData("now-", "expected a number")]
    [InlineData("now-5x", "unknown date unit 'x'")]
    [InlineData("now/5d", "rounding takes no number")]
    [InlineData("now*2", "unexpected '*'")]
    public void TryParse_Invalid_ExplainsWhy(string expression, string reason)
    {
        Assert.False(DateMath.TryParse(expression, Now, false, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
